package dev.odooimage.maven;

import java.io.File;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import dev.odooimage.base.BaseFacts;
import dev.odooimage.base.BaseImageFiles;
import dev.odooimage.base.BaseImageReader;
import dev.odooimage.base.BasePython;
import dev.odooimage.base.RegistryClient;
import dev.odooimage.base.RegistryCredentials;
import dev.odooimage.util.OdooImageException;

/**
 * Parameters of the goals that read the base image (check-base, base-info, the Python goals,
 * pin-base): where its reference is, how the registry is reached (settings.xml credentials,
 * Maven's offline mode) and where its files are cached.
 */
public abstract class AbstractBaseMojo extends AbstractOdooMojo {

    /** The pom property holding the base image reference (Jib's {@code <from><image>} uses it). */
    @Parameter(property = "odoo.base.property", defaultValue = BasePython.BASE_IMAGE, required = true)
    protected String baseProperty;

    /** Where the files read from base images are cached, one directory per image digest. */
    @Parameter(property = "odoo.base.cacheDirectory", defaultValue = "${user.home}/.cache/odoo-image-maven/base",
            required = true)
    protected File baseCacheDirectory;

    /** Platform read from a multi-platform base image: keep it equal to Jib's {@code <from><platforms>}. */
    @Parameter(property = "odoo.base.platform", defaultValue = BaseImageReader.DEFAULT_PLATFORM, required = true)
    protected String basePlatform;

    @Parameter(defaultValue = "${settings.offline}", readonly = true)
    protected boolean offline;

    @Parameter(defaultValue = "${project}", readonly = true)
    protected MavenProject mavenProject;

    @Parameter(defaultValue = "${session}", readonly = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${settings}", readonly = true)
    protected Settings settings;

    // Plexus @Component is deprecated for JSR-330 constructor injection; kept until the credentials
    // component replaces this field.
    @SuppressWarnings("deprecation")
    @Component
    protected SettingsDecrypter decrypter;

    private BaseFacts facts;

    /** The base image reference and where it comes from: {@code -Djib.from.image} first, then the property. */
    protected record Located(String reference, String where) {
    }

    protected Located baseReference() {
        String reference = jibFromImage();
        if (reference != null) {
            return new Located(reference, "-Djib.from.image");
        }
        reference = property(baseProperty);
        File pom = mavenProject == null ? null : mavenProject.getFile();
        String where = "property " + baseProperty + (pom == null ? "" : " of " + pom);
        if (reference == null || reference.isBlank()) {
            throw new OdooImageException(where + " is not set: it names the base image (e.g."
                    + " docker.io/library/python:3.12.12-slim-trixie); set it in the pom or with -D" + baseProperty);
        }
        return new Located(reference.trim(), where);
    }

    /** The base as configured, or null when neither {@code -Djib.from.image} nor the property is set. */
    protected String configuredBase() {
        String reference = jibFromImage();
        return reference != null ? reference : property(baseProperty);
    }

    private String jibFromImage() {
        return session == null ? null : session.getUserProperties().getProperty("jib.from.image");
    }

    /** A property as the build sees it: command line first, then the pom. */
    protected String property(String name) {
        String value = session == null ? null : session.getUserProperties().getProperty(name);
        if (value == null && mavenProject != null) {
            Properties pom = mavenProject.getProperties();
            value = pom.getProperty(name);
        }
        return value;
    }

    /** The base image's files (from the cache when it has them). */
    protected BaseImageFiles baseFiles() {
        Located base = baseReference();
        return new BaseImageReader(baseCacheDirectory.toPath())
                .setRegistry(new RegistryClient(this::credentials))
                .setOffline(offline)
                .setPlatform(basePlatform)
                .read(base.reference(), base.where());
    }

    /** The facts of the base image, read once per goal execution. */
    protected BaseFacts baseFacts() {
        if (facts == null) {
            facts = BaseFacts.of(baseFiles());
        }
        return facts;
    }

    /** The pom's odoo.python.* values ({@code auto} when absent). */
    protected BasePython.Declared declaredPython() {
        return new BasePython.Declared(property(BasePython.VERSION), property(BasePython.INTERPRETER),
                property(BasePython.PLATFORM), property(BasePython.GLIBC));
    }

    /** Registry credentials: the settings.xml server whose id is the registry host as written. */
    protected Optional<RegistryCredentials> credentials(String registry) {
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
