package dev.odooimage.maven;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import dev.odooimage.image.ImageHandoff;
import dev.odooimage.image.ImageSettings;
import dev.odooimage.image.LayerPlan;
import dev.odooimage.image.PlannedLayer;
import dev.odooimage.imageprep.ImagePreparation;

/**
 * Gets the project ready for Jib (bound to {@code prepare-package}): checks that every
 * image input exists and can be stored (sources in lock order, venv, addons_path, no
 * unsupported symbolic links), so that errors come before Jib resolves the base image;
 * writes {@code target/odoo/image-handoff.properties}, the one file the Jib extension reads
 * (aggregate order, fresh bytecode trees, label values, settings); and creates the empty
 * classes directory that jib-maven-plugin insists on although an Odoo image has no Java classes.
 */
@Mojo(name = "prepare-image", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true)
public class PrepareImageMojo extends AbstractOdooMojo {

    /** Jib's classes directory; it must exist (empty) before Jib runs. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
    private File classesDirectory;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    /**
     * Skips this goal: no early checks and no hand-off, so the Jib extension then refuses to run
     * (skip Jib too, {@code -Djib.skip}).
     */
    @Parameter(property = "odoo.prepareImage.skip", defaultValue = "false")
    private boolean skip;

    /**
     * Rebuilds {@code target/jib-image.tar} even when its inputs did not change since Jib last
     * wrote it (by default a no-op {@code mvn package} keeps it and skips {@code jib:buildTar}).
     */
    @Parameter(property = "odoo.image.rebuild", defaultValue = "false")
    private boolean rebuild;

    @Parameter(defaultValue = "${plugin}", readonly = true)
    private PluginDescriptor plugin;

    @Override
    protected void run() {
        if (skip) {
            getLog().info("odoo: prepare-image skipped");
            return;
        }
        ImageSettings settings = ImageSettings.resolve(extensionProperties(), session.getUserProperties(),
                project.getProperties());
        String scm = project.getScm() == null ? null : project.getScm().getUrl();
        ImagePreparation.Project facts = new ImagePreparation.Project(basedir.toPath(),
                new File(project.getBuild().getDirectory()).toPath(), project.getVersion(),
                project.getName() != null && !project.getName().isBlank() ? project.getName() : project.getArtifactId(),
                scm != null && !scm.isBlank() ? scm : project.getUrl());
        LayerPlan plan = new ImagePreparation(facts, settings, w -> getLog().warn("odoo: " + w)).run();
        try {
            Files.createDirectories(classesDirectory.toPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + classesDirectory, e);
        }
        for (PlannedLayer l : plan.layers()) {
            getLog().info("odoo: image layer '" + l.name() + "': " + l.entries().size() + " entries");
        }
        Path work = settings.workDir(basedir.toPath(), new File(project.getBuild().getDirectory()).toPath());
        new JibTarSkip(project, session, plugin, getLog()).decide(work, plan, rebuild);
        getLog().info("odoo: wrote " + settings.workDir(basedir.toPath(), new File(project.getBuild().getDirectory())
                .toPath()).resolve(ImageHandoff.FILE) + " for the Jib extension");
    }

    /**
     * The {@code <pluginExtension><properties>} the client gave our extension in the
     * jib-maven-plugin configuration (plugin level, else an execution): what Jib will hand it.
     */
    private Map<String, String> extensionProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        Plugin jib = project.getPlugin("com.google.cloud.tools:jib-maven-plugin");
        if (jib == null) {
            return out;
        }
        java.util.List<Object> configs = new java.util.ArrayList<>();
        configs.add(jib.getConfiguration());
        for (PluginExecution e : jib.getExecutions()) {
            configs.add(e.getConfiguration());
        }
        for (Object c : configs) {
            Xpp3Dom extensions = c instanceof Xpp3Dom dom ? dom.getChild("pluginExtensions") : null;
            for (Xpp3Dom ext : extensions == null ? new Xpp3Dom[0] : extensions.getChildren("pluginExtension")) {
                Xpp3Dom impl = ext.getChild("implementation");
                Xpp3Dom props = ext.getChild("properties");
                if (impl != null && ImageSettings.EXTENSION_CLASS.equals(impl.getValue().trim()) && props != null) {
                    for (Xpp3Dom p : props.getChildren()) {
                        out.put(p.getName(), p.getValue() == null ? "" : p.getValue());
                    }
                    return out;
                }
            }
        }
        return out;
    }
}
