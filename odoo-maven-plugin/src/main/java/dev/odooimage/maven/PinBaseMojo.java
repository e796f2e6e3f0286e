package dev.odooimage.maven;

import java.io.File;
import java.util.List;
import java.util.Optional;

import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import dev.odooimage.base.BaseImagePinner;
import dev.odooimage.base.RegistryClient;
import dev.odooimage.base.RegistryCredentials;
import dev.odooimage.util.OdooImageException;

/**
 * Pins the base image by digest: resolves the tag written in the pom's base image property
 * through the registry API and rewrites only that value as {@code repository:tag@sha256:...}.
 * The tag stays as the human name; the digest is what builds use. An already pinned base is
 * left alone; {@code -Dodoo.refreshBase} moves it to the digest the tag points to now.
 * Review and commit the pom change on its own.
 * <p>
 * Private registries: a {@code <server>} in settings.xml whose id is the registry host as
 * written in the reference (for example {@code ghcr.io} or {@code registry.example.com:5000};
 * {@code docker.io} for Docker Hub).
 */
@Mojo(name = "pin-base", threadSafe = true)
public class PinBaseMojo extends AbstractOdooMojo {

    /** The pom to rewrite. */
    @Parameter(defaultValue = "${project.file}", readonly = true, required = true)
    private File pomFile;

    /** The pom property holding the base image reference (Jib's {@code <from><image>} uses it). */
    @Parameter(property = "odoo.base.property", defaultValue = "odoo.base.image", required = true)
    private String baseProperty;

    /** Move an already pinned base to the digest its tag points to now. */
    @Parameter(property = "odoo.refreshBase", defaultValue = "false")
    private boolean refreshBase;

    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    @Component
    private SettingsDecrypter decrypter;

    @Override
    protected void run() {
        RegistryClient registry = new RegistryClient(this::credentials);
        BaseImagePinner.Result result = new BaseImagePinner(registry::resolve)
                .pin(pomFile.toPath(), baseProperty, refreshBase);
        if (!result.resolved()) {
            getLog().info("Base image already pinned: " + result.after()
                    + " (-Dodoo.refreshBase moves it to the tag's current digest)");
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
        project.getProperties().setProperty(baseProperty, result.after().text());
    }

    private Optional<RegistryCredentials> credentials(String registry) {
        if (settings == null) {
            return Optional.empty();
        }
        List<String> ids = "docker.io".equals(registry)
                ? List.of("docker.io", "registry-1.docker.io", "index.docker.io")
                : List.of(registry);
        for (String id : ids) {
            Server server = settings.getServer(id);
            if (server == null) {
                continue;
            }
            SettingsDecryptionResult decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            for (SettingsProblem problem : decrypted.getProblems()) {
                if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                    throw new OdooImageException("settings.xml server '" + id + "': " + problem.getMessage());
                }
            }
            Server plain = decrypted.getServer();
            if (plain.getUsername() == null || plain.getPassword() == null) {
                throw new OdooImageException("settings.xml server '" + id
                        + "' needs both <username> and <password> to authenticate to the registry");
            }
            return Optional.of(new RegistryCredentials(plain.getUsername(), plain.getPassword()));
        }
        return Optional.empty();
    }
}
