package dev.odooimage.verify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.odooimage.contract.ImageLabels;
import dev.odooimage.contract.ImagePaths;

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
 */
public record VerifyOptions(String entrypoint, String addonsPath, List<String> aggregatePaths,
        List<String> buildPackages, List<String> runtimePackages, Map<String, String> lockLabels,
        List<String> allowedPaths, SecretSet secrets) {

    public static final String DEFAULT_ENTRYPOINT = ImagePaths.ENTRYPOINT;
    public static final String REPOS_LOCK_LABEL = ImageLabels.REPOS_LOCK;
    public static final String PYTHON_LOCK_LABEL = ImageLabels.PYTHON_LOCK;

    /** Image paths of the locked repositories, null when there is no lock. */
    public Set<String> aggregateRoots() {
        if (aggregatePaths == null) {
            return null;
        }
        Set<String> roots = new LinkedHashSet<>();
        for (String p : aggregatePaths) {
            roots.add(LayerEntry.normalise(ImagePaths.source(p)));
        }
        return roots;
    }
}
