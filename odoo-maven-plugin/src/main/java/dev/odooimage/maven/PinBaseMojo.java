package dev.odooimage.maven;

import java.io.File;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.base.BaseImagePinner;
import dev.odooimage.base.RegistryClient;

/**
 * Pins the base image by digest: resolves the tag written in the pom's base image property
 * through the registry API and rewrites only that value as {@code repository:tag@sha256:...}.
 * The tag stays as the human name; the digest is what builds use. An already pinned base is
 * left alone; {@code -Dodoo.base.refresh} moves it to the digest the tag points to now.
 * Review and commit the pom change on its own.
 * <p>
 * Private registries: a {@code <server>} in settings.xml whose id is the registry host as
 * written in the reference (for example {@code ghcr.io} or {@code registry.example.com:5000};
 * {@code docker.io} for Docker Hub).
 */
@Mojo(name = "pin-base", threadSafe = true)
public class PinBaseMojo extends AbstractBaseMojo {

    /** The pom to rewrite. */
    @Parameter(defaultValue = "${project.file}", readonly = true, required = true)
    private File pomFile;

    /** Move an already pinned base to the digest its tag points to now. */
    @Parameter(property = "odoo.base.refresh", defaultValue = "false")
    private boolean refreshBase;

    @Override
    protected void run() {
        RegistryClient registry = new RegistryClient(this::credentials);
        BaseImagePinner.Result result = new BaseImagePinner(registry::resolve)
                .pin(pomFile.toPath(), baseProperty, refreshBase);
        if (!result.resolved()) {
            getLog().info("Base image already pinned: " + result.after()
                    + " (-Dodoo.base.refresh moves it to the tag's current digest)");
        } else if (!result.changed()) {
            getLog().info("Base image unchanged: tag " + result.after().tag() + " still points to "
                    + result.after().digest() + "; " + pomFile.getName() + " not modified");
        } else {
            getLog().info("Base image pinned in " + pomFile.getName() + ": " + result.after());
            if (result.before().isPinned()) {
                getLog().info("  moved from " + result.before().digest()
                        + "; commit this change on its own, apart from unrelated changes");
            }
        }
        // Later goals of this Maven run (check-base at validate) see the pinned value.
        mavenProject.getProperties().setProperty(baseProperty, result.after().text());
    }
}
