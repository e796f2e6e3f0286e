package dev.odooimage.maven;

import java.io.File;
import java.util.Properties;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import dev.odooimage.base.BaseFacts;
import dev.odooimage.base.BaseImageFiles;
import dev.odooimage.base.BaseImageReader;
import dev.odooimage.base.BasePython;
import dev.odooimage.base.BaseReference;
import dev.odooimage.base.RegistryClient;
import dev.odooimage.credentials.Credential;
import dev.odooimage.image.JibFrom;
import dev.odooimage.util.OdooImageException;

/**
 * Parameters of the goals that read the base image (check-base, base-info, the Python goals,
 * pin-base, system-packages, bytecode): which base (decided as Jib decides it, {@link JibFrom#base}),
 * how the registry is reached (the credentials Jib's build uses, {@link MavenCredentials}; Maven's
 * offline mode) and where its files are cached.
 */
public abstract class AbstractBaseMojo extends AbstractOdooMojo {

    /** The pom property holding the base image reference (Jib's {@code <from><image>} uses it). */
    @Parameter(property = BaseReference.PROPERTY_PARAMETER, defaultValue = BaseReference.DEFAULT_PROPERTY,
            required = true)
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
    private Credential.Provider credentials;

    /**
     * The base image reference and where it comes from, decided as Jib and the Jib extension
     * decide it ({@link JibFrom#base}): {@code -Djib.from.image}, the project property
     * {@code jib.from.image}, Jib's {@code <from><image>}, else the base property.
     */
    protected BaseReference baseReference() {
        return decidedBase().orElseThrow(() -> {
            File pom = mavenProject == null ? null : mavenProject.getFile();
            String where = "property " + baseProperty + (pom == null ? "" : " of " + pom);
            return new OdooImageException(where + " is not set: it names the base image (e.g."
                    + " docker.io/library/python:3.12.12-slim-trixie); set it in the pom or with -D" + baseProperty);
        });
    }

    /** The base as configured, or null when nothing names one. */
    protected String configuredBase() {
        return decidedBase().map(BaseReference::reference).orElse(null);
    }

    /** The decision with where it was made, or null when nothing names a base. */
    protected BaseReference configuredReference() {
        return decidedBase().orElse(null);
    }

    private java.util.Optional<BaseReference> decidedBase() {
        return JibFrom.base(mavenProject, userProperties(), systemProperties(), baseProperty);
    }

    private Properties userProperties() {
        return session == null ? null : session.getUserProperties();
    }

    private Properties systemProperties() {
        return session == null ? null : session.getSystemProperties();
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

    /**
     * The base image's files (from the cache when it has them): its whole index, for the steps
     * that look at paths beyond the facts (the shared-libraries check of a new package layer).
     */
    protected BaseImageFiles baseFiles() {
        BaseReference base = baseReference();
        return reader().read(base.reference(), base.where());
    }

    /**
     * The facts of the base image, read once per goal execution: stored with its cache entry, so
     * that a build whose base did not change reads neither the index nor the kept files.
     */
    protected BaseFacts baseFacts() {
        if (facts == null) {
            BaseReference base = baseReference();
            facts = reader().facts(base.reference(), base.where());
        }
        return facts;
    }

    private BaseImageReader reader() {
        return new BaseImageReader(baseCacheDirectory.toPath())
                .setRegistry(new RegistryClient(credentials()))
                .setOffline(offline)
                .setPlatform(basePlatform);
    }

    /** The pom's odoo.python.* values ({@code auto} when absent). */
    protected BasePython.Declared declaredPython() {
        return new BasePython.Declared(property(BasePython.VERSION), property(BasePython.INTERPRETER),
                property(BasePython.PLATFORM), property(BasePython.GLIBC));
    }

    /**
     * The base image as a docker-save tarball: the {@code tar://} file itself, or the registry
     * image saved once (by digest) under {@code cacheDirectory}. For the goals that put layers on
     * the base outside Jib (the package layer, the builder container).
     */
    protected java.nio.file.Path baseTarball(java.nio.file.Path cacheDirectory) {
        BaseReference ref = baseReference();
        return ref.reference().startsWith("tar://") ? java.nio.file.Path.of(ref.reference().substring("tar://".length()))
                : new dev.odooimage.system.RegistryBaseTarball(new RegistryClient(credentials()), cacheDirectory,
                        basePlatform, offline).save(ref.reference(), ref.where());
    }

    /**
     * Registry credentials, in Jib's order (Jib's {@code <from><auth>} / {@code <credHelper>} for
     * the base's registry, settings.xml servers, Docker config and credential helpers); built once.
     */
    protected Credential.Provider credentials() {
        if (credentials == null) {
            credentials = MavenCredentials.of(settings, decrypter, getLog()).registries(
                    JibFrom.of(mavenProject, userProperties(), systemProperties()), decidedBase().orElse(null));
        }
        return credentials;
    }
}
