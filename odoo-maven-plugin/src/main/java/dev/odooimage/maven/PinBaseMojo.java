package dev.odooimage.maven;

import java.io.File;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.base.BaseImagePinner;
import dev.odooimage.base.BaseReference;
import dev.odooimage.base.RegistryClient;
import dev.odooimage.util.OdooImageException;

/**
 * Pins the base image by digest: resolves the tag written in the pom's base image property
 * through the registry API and rewrites only that value as {@code repository:tag@sha256:...}.
 * The tag stays as the human name; the digest is what builds use. An already pinned base is
 * left alone; {@code -Dodoo.base.refresh} moves it to the digest the tag points to now.
 * Review and commit the pom change on its own.
 * <p>
 * The property rewritten is the one Jib's {@code <from><image>} consists of
 * ({@code ${odoo.base.image}} as the archetype writes it), else {@code odoo.base.property}.
 * <p>
 * Private registries: the credentials Jib's build uses, in Jib's order: Jib's
 * {@code <from><auth>} / {@code <from><credHelper>}, a {@code <server>} in settings.xml whose id
 * is the registry host as written in the reference (for example {@code ghcr.io} or
 * {@code registry.example.com:5000}; {@code docker.io} for Docker Hub), then
 * {@code ~/.docker/config.json} ({@code docker login}: {@code auths}, {@code credHelpers},
 * {@code credsStore}).
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
        String property = pinnedProperty();
        RegistryClient registry = new RegistryClient(credentials());
        BaseImagePinner.Result result = new BaseImagePinner(registry::resolve)
                .pin(pomFile.toPath(), property, refreshBase);
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
        mavenProject.getProperties().setProperty(property, result.after().text());
    }

    /** The pom property that holds the base Jib builds on. */
    private String pinnedProperty() {
        BaseReference base = configuredReference();
        if (base != null && base.source() == BaseReference.Source.JIB_CONFIGURATION) {
            if (base.property() == null) {
                throw new OdooImageException("Jib's <from><image> in " + pomFile.getName() + " is written as "
                        + base.reference() + ", not as a property, so pin-base has nothing to rewrite: write"
                        + " <image>${" + baseProperty + "}</image> there and keep the reference in that property");
            }
            return base.property();
        }
        return baseProperty;
    }
}
