package dev.odooimage.maven;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.base.BasePython;
import dev.odooimage.contract.ImagePaths;
import dev.odooimage.python.ArtifactCache;
import dev.odooimage.python.PythonProject;
import dev.odooimage.python.PythonSettings;
import dev.odooimage.python.PythonTarget;

/**
 * Parameters of the Python goals: the image's interpreter (the target), inputs, index and caches.
 * The four target values default to {@code auto}: read from the base image ({@code odoo.base.image},
 * see odoo:base-info); an explicit value is used as written, and checked against the base when
 * another value makes the goal read it (odoo:check-base checks them all).
 */
public abstract class AbstractPythonMojo extends AbstractBaseMojo {

    /**
     * Python version of the image's interpreter: {@code auto} (its major.minor, read from the
     * base image), {@code 3.11}, or {@code 3.11.2} for exact markers.
     */
    @Parameter(property = BasePython.VERSION, defaultValue = BasePython.AUTO, required = true)
    protected String pythonVersion;

    /**
     * Absolute path of the interpreter in the image ({@code auto}: the one CPython of the base
     * image); pyvenv.cfg's home is its directory. Set it when the base has two.
     */
    @Parameter(property = BasePython.INTERPRETER, defaultValue = BasePython.AUTO, required = true)
    protected String pythonInterpreter;

    /** Machine architecture of the image: {@code auto} (from the base image's config), x86_64, aarch64, ... */
    @Parameter(property = BasePython.PLATFORM, defaultValue = BasePython.AUTO, required = true)
    protected String pythonPlatform;

    /**
     * glibc version of the image ({@code auto}: read from the base's dpkg status or libc; Debian
     * bookworm has 2.36); gives the manylinux tags wheels may have.
     */
    @Parameter(property = BasePython.GLIBC, defaultValue = BasePython.AUTO, required = true)
    protected String pythonGlibc;

    /** PEP 503 package index the lock resolves against and the install downloads from. */
    @Parameter(property = "odoo.python.indexUrl", defaultValue = "https://pypi.org/simple", required = true)
    protected String indexUrl;

    /** Index the pinned pip wheel of the private tool environment comes from. */
    @Parameter(property = "odoo.python.toolIndexUrl", defaultValue = "https://pypi.org/simple", required = true)
    protected String toolIndexUrl;

    /** pip version of the private tool environment; empty means the version this plugin was tested with. */
    @Parameter(property = "odoo.python.pipVersion")
    protected String pipVersion;

    /** The build host's Python 3 (3.9+) that runs the private pip; it never goes into the image. */
    @Parameter(property = "odoo.python.hostInterpreter", defaultValue = "python3", required = true)
    protected String hostInterpreter;

    /** User-level cache: wheels by sha256, pure wheels built from sdists, the private pip. */
    @Parameter(property = "odoo.python.cacheDirectory", defaultValue = "${user.home}/.cache/odoo-image-maven",
            required = true)
    protected File cacheDirectory;

    /** Directory of prebuilt wheels (e.g. for compiled sdists); the lock pins their sha256. */
    @Parameter(property = "odoo.python.wheelhouse", defaultValue = "${project.basedir}/wheelhouse", required = true)
    protected File wheelhouse;

    /** The generated, committed Python lock. */
    @Parameter(property = "odoo.python.lock", defaultValue = "${project.basedir}/requirements.lock.txt",
            required = true)
    protected File pythonLockFile;

    /** Extra packages the selected addons need. */
    @Parameter(property = "odoo.python.requirements", defaultValue = "${project.basedir}/requirements.in",
            required = true)
    protected File requirementsIn;

    /** Version bounds only; installs nothing. */
    @Parameter(property = "odoo.python.constraints",
            defaultValue = "${project.basedir}/requirements-constraints.in", required = true)
    protected File constraintsIn;

    /** Replace ({@code name==x}), substitute ({@code a -> b==x}) or drop ({@code !name}) requirements. */
    @Parameter(property = "odoo.python.overrides", defaultValue = "${project.basedir}/requirements-overrides.in",
            required = true)
    protected File overridesIn;

    /** Odoo's requirements.txt; by default the one beside odoo-bin in the aggregated sources. */
    @Parameter(property = "odoo.python.odooRequirements")
    protected File odooRequirements;

    /**
     * Container engines to try, in order (comma separated), for building source-only packages
     * with native code (python-ldap ...) in the throw-away builder container.
     */
    @Parameter(property = "odoo.container.engine", defaultValue = "podman,docker")
    protected String engine;

    /** Minutes one sdist build in the builder container may take. */
    @Parameter(property = "odoo.python.buildTimeout", defaultValue = "30")
    protected int buildTimeout;

    /** Debian packages of the builder container (compilers, headers); never in the image. */
    @Parameter(property = "odoo.system.buildPackages", defaultValue = "${project.basedir}/system-build-packages.txt")
    protected File buildPackagesFile;

    /** The committed lock of system-build-packages.txt (written by {@code odoo:system-lock}). */
    @Parameter(property = "odoo.system.buildLock", defaultValue = "${project.basedir}/system-build-packages.lock")
    protected File buildLockFile;

    /** Where .deb files (of the builder's packages) and base image tarballs are cached by sha256. */
    @Parameter(property = "odoo.system.cacheDirectory", defaultValue = "${user.home}/.cache/odoo-image-maven/system")
    protected File systemCacheDirectory;

    private PythonTarget target;

    /** The builder of compiled sdists, set up on first use. */
    protected dev.odooimage.python.CompiledWheels compiledWheels() {
        return new CompiledWheelsWiring(this, target());
    }

    java.util.List<String> engines() {
        return java.util.Arrays.stream(engine.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The interpreter the venv is for: explicit values as written, {@code auto} ones read from the base image. */
    protected PythonTarget target() {
        if (target == null) {
            BasePython.Declared declared = new BasePython.Declared(pythonVersion, pythonInterpreter, pythonPlatform,
                    pythonGlibc);
            if (declared.anyAuto()) {
                BasePython.Resolved r = BasePython.resolve(baseFacts(), declared);
                target = new PythonTarget(r.version(), r.interpreter(), r.platform(), r.glibc());
                getLog().info("Python target read from base image " + baseFacts().image() + ": "
                        + target.describe());
            } else {
                target = new PythonTarget(pythonVersion.trim(), pythonInterpreter.trim(), pythonPlatform.trim(),
                        pythonGlibc.trim());
            }
        }
        return target;
    }

    protected PythonSettings settings() {
        ArtifactCache cache = new ArtifactCache(cacheDirectory.toPath());
        return PythonSettings.builder().target(target()).indexUrl(indexUrl).toolIndexUrl(toolIndexUrl)
                .pipVersion(effectivePipVersion()).hostPython(hostInterpreter).cache(cache).toolRoot(cache.toolRoot())
                .wheelhouse(wheelhouse.toPath()).venvPath(ImagePaths.VENV).offline(offline).build();
    }

    protected PythonProject project() {
        return new PythonProject(basedir.toPath(), workDirectory.toPath().resolve("src"),
                odooRequirements == null ? null : odooRequirements.toPath(), requirementsIn.toPath(),
                constraintsIn.toPath(), overridesIn.toPath(), pythonLockFile.toPath(), workDirectory.toPath());
    }

    private String effectivePipVersion() {
        if (pipVersion != null && !pipVersion.isBlank()) {
            return pipVersion.trim();
        }
        Properties p = new Properties();
        try (InputStream in = AbstractPythonMojo.class.getResourceAsStream("/dev/odooimage/python/tool.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("pip.version");
    }
}
