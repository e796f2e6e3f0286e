package dev.odooimage.maven;

import java.util.Optional;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import dev.odooimage.base.BaseImagePolicy;

/**
 * Refuses, early in the build, a base image that is not pinned by digest, with the command
 * that pins it ({@code mvn odoo:pin-base}). Checks the pom's base image property, or Jib's
 * {@code jib.from.image} when that is given on the command line.
 */
@Mojo(name = "check-base", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckBaseMojo extends AbstractOdooMojo {

    /** The pom property holding the base image reference. */
    @Parameter(property = "odoo.base.property", defaultValue = "odoo.base.image", required = true)
    private String baseProperty;

    /** Build with a base image that is not pinned by digest (local experiments only, never a release). */
    @Parameter(property = "odoo.allowUnpinnedBase", defaultValue = "false")
    private boolean allowUnpinnedBase;

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true)
    private MavenSession session;

    @Override
    protected void run() {
        String where;
        String reference = session.getUserProperties().getProperty("jib.from.image");
        if (reference != null) {
            where = "-Djib.from.image";
        } else {
            reference = session.getUserProperties().getProperty(baseProperty,
                    project.getProperties().getProperty(baseProperty));
            where = "property " + baseProperty + " of " + project.getFile();
        }
        if (reference == null) {
            where = project.getFile() + ": property " + baseProperty;
        }
        Optional<String> warning = BaseImagePolicy.check(reference, where, allowUnpinnedBase);
        if (warning.isPresent()) {
            getLog().warn(warning.get());
        } else {
            getLog().info("Base image pinned: " + reference.trim());
        }
    }
}
