package dev.odooimage.maven;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.image.LayerPlan;
import dev.odooimage.image.LayerPlanner;
import dev.odooimage.image.Ownership;
import dev.odooimage.image.PlannedLayer;
import dev.odooimage.image.RuntimeScripts;

/**
 * Gets the project ready for Jib (bound to {@code prepare-package}): checks that every
 * image input the Jib extension will read exists and can be stored (sources in lock order,
 * venv, addons_path, no unsupported symbolic links), so that errors come before Jib
 * resolves the base image, and creates the empty classes directory that jib-maven-plugin
 * insists on although an Odoo image has no Java classes.
 */
@Mojo(name = "prepare-image", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true)
public class PrepareImageMojo extends AbstractOdooMojo {

    /** Jib's classes directory; it must exist (empty) before Jib runs. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
    private File classesDirectory;

    /** Skips this goal (and therefore the early checks). */
    @Parameter(property = "odoo.prepareImage.skip", defaultValue = "false")
    private boolean skip;

    @Override
    protected void run() {
        if (skip) {
            getLog().info("odoo: prepare-image skipped");
            return;
        }
        Path work = workDirectory.toPath();
        Path staging = work.resolve("image");
        LayerPlan plan = new LayerPlanner(work, RuntimeScripts.extract(staging.resolve("runtime")), staging,
                Ownership.ROOT, w -> getLog().warn("odoo: " + w)).plan();
        try {
            Files.createDirectories(classesDirectory.toPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + classesDirectory, e);
        }
        for (PlannedLayer l : plan.layers()) {
            getLog().info("odoo: image layer '" + l.name() + "': " + l.entries().size() + " entries");
        }
    }
}
