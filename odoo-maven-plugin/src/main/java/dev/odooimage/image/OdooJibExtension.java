package dev.odooimage.image;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Scm;
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
 * Maven API exist, so it (and everything it calls) uses nothing else. It reads the files
 * prepared by the earlier goals under {@code target/odoo}; the logic lives in
 * {@link LayerPlanner} and {@link ContainerPlanner}.
 *
 * <p>Settings, each from the {@code <pluginExtension><properties>} entry of that name,
 * else the Maven property {@code odoo.image.<name>} (command line first, then pom):
 * {@code user} (1000:1000), {@code userName} (odoo), {@code workDirectory}
 * (${odoo.workDirectory}, else ${project.build.directory}/odoo), {@code odooSeries} (${odoo.series}),
 * {@code source} (the pom's scm url or url), {@code revision} (the checked-out commit),
 * {@code odooBin} (detected), {@code path}. The two locks are the goals' own settings:
 * {@code reposLock} else {@code odoo.repos.lock} (repos.lock.yaml), {@code pythonLock} else
 * {@code odoo.python.lock} (requirements.lock.txt), so one property moves a lock for every goal.
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
            ImageOptions options = options(project, mavenData.getMavenSession(), properties);
            Path staging = options.workDir().resolve("image");
            Path scripts = RuntimeScripts.extract(staging.resolve("runtime"));
            LayerPlan layers = new LayerPlanner(options.workDir(), scripts, staging, options.user(),
                    w -> logger.log(ExtensionLogger.LogLevel.WARN, w)).plan();
            ContainerSettings container = ContainerPlanner.plan(options, layers,
                    baseImage(buildPlan, project, mavenData.getMavenSession()));
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

    static ImageOptions options(MavenProject project, MavenSession session, Map<String, String> ext) {
        Properties user = session == null ? new Properties() : session.getUserProperties();
        Properties pom = project.getProperties();
        java.util.function.Function<String, String> get = name -> {
            String v = ext.get(name);
            if (v == null) {
                v = user.getProperty("odoo.image." + name);
            }
            if (v == null) {
                v = pom.getProperty("odoo.image." + name);
            }
            return v == null || v.isBlank() ? null : v.trim();
        };
        Path basedir = project.getBasedir().toPath();
        java.util.function.Function<String, String> shared = name -> firstNonNull(user.getProperty(name),
                pom.getProperty(name));
        String workDir = firstNonNull(get.apply("workDirectory"), shared.apply("odoo.workDirectory"),
                project.getBuild().getDirectory() + "/odoo");
        String series = firstNonNull(get.apply("odooSeries"), pom.getProperty("odoo.series"));
        Scm scm = project.getScm();
        String source = firstNonNull(get.apply("source"), scm == null ? null : scm.getUrl(), project.getUrl());
        String revision = firstNonNull(get.apply("revision"), GitRevision.of(basedir).orElse(null));
        return ImageOptions.builder()
                .user(Ownership.parse(firstNonNull(get.apply("user"), ImageOptions.DEFAULT_USER), "odoo image user"))
                .userName(firstNonNull(get.apply("userName"), ImageOptions.DEFAULT_USER_NAME))
                .workDir(basedir.resolve(workDir))
                .reposLock(basedir.resolve(firstNonNull(ext.get("reposLock"), shared.apply("odoo.repos.lock"),
                        "repos.lock.yaml")))
                .pythonLock(basedir.resolve(firstNonNull(ext.get("pythonLock"), shared.apply("odoo.python.lock"),
                        "requirements.lock.txt")))
                .odooSeries(series).source(source).revision(revision).version(project.getVersion())
                .title(firstNonNull(project.getName(), project.getArtifactId())).odooBin(get.apply("odooBin"))
                .path(firstNonNull(get.apply("path"), ImageOptions.DEFAULT_PATH)).build();
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
