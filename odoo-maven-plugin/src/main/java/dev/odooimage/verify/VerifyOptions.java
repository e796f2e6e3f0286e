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
 * @param libraryProviders soname -> the Debian package shipping it (the builder's
 *                        library-providers.properties), to name the package a missing library needs
 */
public record VerifyOptions(String entrypoint, String addonsPath, List<String> aggregatePaths,
        List<String> buildPackages, List<String> runtimePackages, Map<String, String> lockLabels,
        List<String> allowedPaths, SecretSet secrets, Map<String, String> libraryProviders) {

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

    /** A builder: each setting by name, the defaults below for those not set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        return new Builder().entrypoint(entrypoint).addonsPath(addonsPath).aggregatePaths(aggregatePaths)
                .buildPackages(buildPackages).runtimePackages(runtimePackages).lockLabels(lockLabels)
                .allowedPaths(allowedPaths).secrets(secrets).libraryProviders(libraryProviders);
    }

    /** Settings by name; {@link #build()} makes the immutable VerifyOptions. */
    public static final class Builder {
        private String entrypoint = DEFAULT_ENTRYPOINT;
        private String addonsPath;
        private List<String> aggregatePaths;
        private List<String> buildPackages = List.of();
        private List<String> runtimePackages = List.of();
        private Map<String, String> lockLabels = Map.of();
        private List<String> allowedPaths = List.of();
        private SecretSet secrets = new SecretSet();
        private Map<String, String> libraryProviders = Map.of();

        private Builder() {
        }

        public Builder entrypoint(String entrypoint) {
            this.entrypoint = entrypoint;
            return this;
        }

        public Builder addonsPath(String addonsPath) {
            this.addonsPath = addonsPath;
            return this;
        }

        public Builder aggregatePaths(List<String> aggregatePaths) {
            this.aggregatePaths = aggregatePaths;
            return this;
        }

        public Builder buildPackages(List<String> buildPackages) {
            this.buildPackages = buildPackages;
            return this;
        }

        public Builder runtimePackages(List<String> runtimePackages) {
            this.runtimePackages = runtimePackages;
            return this;
        }

        public Builder lockLabels(Map<String, String> lockLabels) {
            this.lockLabels = lockLabels;
            return this;
        }

        public Builder allowedPaths(List<String> allowedPaths) {
            this.allowedPaths = allowedPaths;
            return this;
        }

        public Builder secrets(SecretSet secrets) {
            this.secrets = secrets;
            return this;
        }

        public Builder libraryProviders(Map<String, String> libraryProviders) {
            this.libraryProviders = libraryProviders;
            return this;
        }

        public VerifyOptions build() {
            return new VerifyOptions(entrypoint, addonsPath, aggregatePaths, buildPackages, runtimePackages, 
                    lockLabels, allowedPaths, secrets, libraryProviders);
        }
    }
}
