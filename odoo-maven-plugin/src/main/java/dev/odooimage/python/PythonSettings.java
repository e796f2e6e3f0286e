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
}
