package dev.odooimage.python;

import java.nio.file.Path;

/**
 * How Python packages are resolved, fetched and cached; everything but the project's files.
 *
 * @param indexUrl     the PEP 503 index packages come from (PyPI or a mirror)
 * @param toolIndexUrl where the pinned pip wheel for the private tool comes from
 * @param pipVersion   the pinned pip of the private tool
 * @param hostPython   the build host's python3 that runs the private pip
 * @param cache        the user-level wheel cache
 * @param toolRoot     where the private pip environments live
 * @param wheelhouse   the project's directory of prebuilt, hash-pinned wheels (may not exist)
 * @param venvPath     where the venv lives in the image, e.g. {@code /opt/odoo/venv}
 * @param offline      never touch the network (Maven's -o)
 */
public record PythonSettings(PythonTarget target, String indexUrl, String toolIndexUrl, String pipVersion,
        String hostPython, ArtifactCache cache, Path toolRoot, Path wheelhouse, String venvPath, boolean offline) {

    /** A builder: each setting by name, the defaults below for those not set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        return new Builder().target(target).indexUrl(indexUrl).toolIndexUrl(toolIndexUrl).pipVersion(pipVersion)
                .hostPython(hostPython).cache(cache).toolRoot(toolRoot).wheelhouse(wheelhouse).venvPath(venvPath)
                .offline(offline);
    }

    /** Settings by name; {@link #build()} makes the immutable PythonSettings. */
    public static final class Builder {
        private PythonTarget target;
        private String indexUrl;
        private String toolIndexUrl;
        private String pipVersion;
        private String hostPython;
        private ArtifactCache cache;
        private Path toolRoot;
        private Path wheelhouse;
        private String venvPath = dev.odooimage.contract.ImagePaths.VENV;
        private boolean offline;

        private Builder() {
        }

        public Builder target(PythonTarget target) {
            this.target = target;
            return this;
        }

        public Builder indexUrl(String indexUrl) {
            this.indexUrl = indexUrl;
            return this;
        }

        public Builder toolIndexUrl(String toolIndexUrl) {
            this.toolIndexUrl = toolIndexUrl;
            return this;
        }

        public Builder pipVersion(String pipVersion) {
            this.pipVersion = pipVersion;
            return this;
        }

        public Builder hostPython(String hostPython) {
            this.hostPython = hostPython;
            return this;
        }

        public Builder cache(ArtifactCache cache) {
            this.cache = cache;
            return this;
        }

        public Builder toolRoot(Path toolRoot) {
            this.toolRoot = toolRoot;
            return this;
        }

        public Builder wheelhouse(Path wheelhouse) {
            this.wheelhouse = wheelhouse;
            return this;
        }

        public Builder venvPath(String venvPath) {
            this.venvPath = venvPath;
            return this;
        }

        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        public PythonSettings build() {
            return new PythonSettings(target, indexUrl, toolIndexUrl, pipVersion, hostPython, cache, toolRoot, 
                    wheelhouse, venvPath, offline);
        }
    }
}
