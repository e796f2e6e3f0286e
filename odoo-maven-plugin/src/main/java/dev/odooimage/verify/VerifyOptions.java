package dev.odooimage.verify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the static checks compare the image with. Built by the mojo from the project's
 * files; every field is plain data so that tests build it directly.
 *
 * @param entrypoint      the expected first Entrypoint element
 * @param addonsPath      content of the build's target/odoo/addons_path, null if missing
 * @param aggregatePaths  locked repository paths relative to /opt/odoo/src ("oca/web"),
 *                        null when there is no lock
 * @param buildPackages   system-build-packages.txt
 * @param runtimePackages system-runtime-packages.txt
 * @param lockLabels      label name -> expected lock digest (null value: lock file absent)
 * @param allowedPaths    globs of image paths exempt from the build-input and build-tool rules
 * @param secrets         values that must appear in no layer
 * @param libraryProviders soname -> the Debian package shipping it (the builder's
 *                        library-providers.properties), to name the package a missing library needs
 */
public record VerifyOptions(String entrypoint, String addonsPath, List<String> aggregatePaths,
        List<String> buildPackages, List<String> runtimePackages, Map<String, String> lockLabels,
        List<String> allowedPaths, SecretSet secrets, Map<String, String> libraryProviders) {

    /** Without library providers (no compiled-packages builder ran). */
    public VerifyOptions(String entrypoint, String addonsPath, List<String> aggregatePaths,
            List<String> buildPackages, List<String> runtimePackages, Map<String, String> lockLabels,
            List<String> allowedPaths, SecretSet secrets) {
        this(entrypoint, addonsPath, aggregatePaths, buildPackages, runtimePackages, lockLabels, allowedPaths,
                secrets, Map.of());
    }

    public static final String DEFAULT_ENTRYPOINT = "/usr/local/bin/odoo-run";
    public static final String REPOS_LOCK_LABEL = "dev.odooimage.repos-lock.sha256";
    public static final String PYTHON_LOCK_LABEL = "dev.odooimage.python-lock.sha256";

    /** Image paths of the locked repositories, null when there is no lock. */
    public Set<String> aggregateRoots() {
        if (aggregatePaths == null) {
            return null;
        }
        Set<String> roots = new LinkedHashSet<>();
        for (String p : aggregatePaths) {
            roots.add(LayerEntry.normalise(ForbiddenFiles.SRC + "/" + p));
        }
        return roots;
    }
}
