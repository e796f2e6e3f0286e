package dev.odooimage.image;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;

import com.google.cloud.tools.jib.api.buildplan.ContainerBuildPlan;
import com.google.cloud.tools.jib.maven.extension.JibMavenPluginExtension;
import com.google.cloud.tools.jib.maven.extension.MavenData;
import com.google.cloud.tools.jib.plugins.extension.ExtensionLogger;
import com.google.cloud.tools.jib.plugins.extension.JibPluginExtensionException;

import dev.odooimage.base.BaseReference;
import dev.odooimage.util.OdooImageException;

/**
 * The Jib extension that turns Jib's Java image into the Odoo image. It runs inside
 * jib-maven-plugin's class loader, where only the JDK, the Jib extension API and the
 * Maven API exist, so it (and everything it calls) uses nothing else. It reads one file,
 * the hand-off {@code target/odoo/image-handoff.properties} that {@code odoo:prepare-image}
 * wrote ({@link ImageHandoff}), refuses it when it is missing or stale, and plans the layers
 * ({@link LayerPlanner}) and the container ({@link ContainerPlanner}) from it.
 *
 * <p>Settings ({@link ImageSettings}), each from the {@code <pluginExtension><properties>}
 * entry of that name, else the Maven property {@code odoo.image.<name>} (command line first,
 * then pom): {@code user} (1000:1000), {@code userName} (odoo), {@code workDirectory}
 * (${odoo.workDirectory}, else ${project.build.directory}/odoo), {@code reposLock} (else
 * {@code odoo.repos.lock}, repos.lock.yaml), {@code pythonLock} (else {@code odoo.python.lock},
 * requirements.lock.txt), {@code odooSeries} (${odoo.series}),
 * {@code source} (the pom's scm url or url), {@code revision} (the checked-out commit),
 * {@code odooBin} (detected), {@code path}. prepare-image resolves them the same way; the
 * extension only checks that it sees the same values.
 */
public class OdooJibExtension implements JibMavenPluginExtension<Void> {

    @Override
    public Optional<Class<Void>> getExtraConfigType() {
        return Optional.empty();
    }

    @Override
    public ContainerBuildPlan extendContainerBuildPlan(ContainerBuildPlan buildPlan, Map<String, String> properties,
            Optional<Void> extraConfig, MavenData mavenData, ExtensionLogger logger)
            throws JibPluginExtensionException {
        try {
            MavenProject project = mavenData.getMavenProject();
            MavenSession session = mavenData.getMavenSession();
            ImageSettings settings = ImageSettings.resolve(properties,
                    session == null ? new Properties() : session.getUserProperties(), project.getProperties());
            Path workDir = settings.workDir(project.getBasedir().toPath(), Path.of(project.getBuild().getDirectory()));
            ImageHandoff handoff = ImageHandoff.read(workDir);
            handoff.checkCurrent(settings, workDir);
            Path staging = workDir.resolve("image");
            Path scripts = RuntimeScripts.extract(staging.resolve("runtime"));
            LayerPlan layers = new LayerPlanner(workDir, scripts, staging, handoff.user(),
                    msg -> logger.log(ExtensionLogger.LogLevel.WARN, msg)).plan(handoff.layers());
            ContainerSettings container = ContainerPlanner.plan(handoff, baseImage(buildPlan, project, session));
            if (!buildPlan.getLayers().isEmpty()) {
                logger.log(ExtensionLogger.LogLevel.INFO, "odoo: replacing Jib's " + buildPlan.getLayers().size()
                        + " Java layer(s) by the Odoo layers");
            }
            for (PlannedLayer l : layers.layers()) {
                logger.log(ExtensionLogger.LogLevel.INFO, "odoo: layer '" + l.name() + "' (" + l.entries().size()
                        + " entries)");
            }
            return JibPlans.apply(buildPlan, layers, container);
        } catch (OdooImageException | UncheckedIOException | IllegalStateException e) {
            throw new JibPluginExtensionException(OdooJibExtension.class, e.getMessage(), e);
        }
    }

    /**
     * The base image as the client configured it, decided as every goal decides it
     * ({@link JibFrom#base}). Jib hands extensions "scratch" for a {@code tar://} base, so the
     * configured reference is preferred for the label.
     */
    static String baseImage(ContainerBuildPlan plan, MavenProject project, MavenSession session) {
        Properties user = session == null ? null : session.getUserProperties();
        String property = firstNonNull(user == null ? null : user.getProperty(BaseReference.PROPERTY_PARAMETER),
                project.getProperties().getProperty(BaseReference.PROPERTY_PARAMETER), BaseReference.DEFAULT_PROPERTY);
        // Without a <from><image> Jib builds on its own default, which the plan names.
        return JibFrom.base(project, user, session == null ? null : session.getSystemProperties(), property)
                .filter(b -> b.source() != BaseReference.Source.BASE_PROPERTY)
                .map(BaseReference::reference).orElse(plan.getBaseImage());
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
