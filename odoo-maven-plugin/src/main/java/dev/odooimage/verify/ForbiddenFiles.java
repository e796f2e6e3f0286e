package dev.odooimage.verify;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.odooimage.contract.ImagePaths;

/**
 * Files that must never be in the runtime image. Checked in every layer, not only in the
 * merged view: a file deleted by a later layer still ships in the tarball.
 */
final class ForbiddenFiles {
    static final String SRC = ImagePaths.SRC;
    static final String VENV = ImagePaths.VENV;

    /** Build inputs and generated build files: locks belong in git, not in the image. */
    static final Set<String> BUILD_INPUT_NAMES = Set.of("repos.yaml", "repos.lock.yaml", "requirements.lock.txt",
            "requirements.effective.in", "requirements-constraints.in", "requirements-overrides.in",
            "system-build-packages.txt", "system-runtime-packages.txt");
    private static final Pattern REQUIREMENTS = Pattern.compile("requirements[^/]*\\.(txt|in)");
    private static final Pattern PIP_CACHE = Pattern.compile(
            "(^|.*/)\\.cache/pip(-tools)?(/.*)?$|^/tmp/pip-[^/]*(/.*)?$|(^|.*/)pip-cache(/.*)?$");
    /** Build tools in the merged image (DESIGN: pip, compilers, git, locks stay out). */
    private static final Pattern BUILD_TOOL = Pattern.compile(
            Pattern.quote(ImagePaths.VENV) + "/bin/(pip|pip3|pip3\\.\\d+|pip-compile|pip-sync|gitaggregate)"
            + "|" + Pattern.quote(ImagePaths.VENV) + "/lib/python[^/]+/site-packages/pip"
            + "|/usr/(local/)?bin/(git|gcc|cc|c\\+\\+|g\\+\\+|clang)");

    private final List<PathMatcher> allowed = new ArrayList<>();

    /** @param allowedGlobs image paths exempt from the build-input and build-tool rules (glob syntax) */
    ForbiddenFiles(List<String> allowedGlobs) {
        for (String g : allowedGlobs) {
            allowed.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
        }
    }

    CheckResult noGit(List<List<LayerEntry>> layers) {
        String title = "no .git under " + SRC;
        Set<String> found = new LinkedHashSet<>();
        for (List<LayerEntry> layer : layers) {
            for (LayerEntry e : layer) {
                if (!e.path().startsWith(SRC + "/")) {
                    continue;
                }
                int at = e.path().indexOf("/.git");
                while (at >= 0) {
                    int end = at + "/.git".length();
                    if (end == e.path().length() || e.path().charAt(end) == '/') {
                        found.add(e.path().substring(0, end) + " (layer " + e.layer() + ")");
                        break;
                    }
                    at = e.path().indexOf("/.git", end);
                }
            }
        }
        if (found.isEmpty()) {
            return CheckResult.pass("no-git", title, "no .git entry in any layer");
        }
        return CheckResult.fail("no-git", title, found.size() + " .git entr" + (found.size() == 1 ? "y" : "ies")
                + " under " + SRC + ", first " + found.iterator().next()
                + ": aggregation must write sources without git metadata", List.copyOf(found));
    }

    CheckResult noBuildInputs(List<List<LayerEntry>> layers) {
        String title = "no repos/requirements lock or build input files";
        List<String> found = new ArrayList<>();
        for (List<LayerEntry> layer : layers) {
            for (LayerEntry e : layer) {
                if (e.isDirectory() || isAllowed(e.path())) {
                    continue;
                }
                String name = e.name();
                boolean forbidden = BUILD_INPUT_NAMES.contains(name)
                        // requirements files in Odoo and addon sources and inside installed
                        // distributions are upstream content; anywhere else they are build input.
                        || (REQUIREMENTS.matcher(name).matches() && !e.path().startsWith(SRC + "/")
                                && !e.path().contains("/site-packages/") && !e.path().contains("/dist-packages/"));
                if (forbidden) {
                    found.add(e.path() + " (layer " + e.layer() + ")");
                }
            }
        }
        if (found.isEmpty()) {
            return CheckResult.pass("no-build-inputs", title, "none in any layer");
        }
        return CheckResult.fail("no-build-inputs", title, found.size() + " build input file(s) in the image, first "
                + found.get(0) + ": locks and requirement inputs belong in git, not in the image", found);
    }

    CheckResult noPipCache(List<List<LayerEntry>> layers) {
        String title = "no pip caches";
        Set<String> found = new LinkedHashSet<>();
        for (List<LayerEntry> layer : layers) {
            for (LayerEntry e : layer) {
                if (PIP_CACHE.matcher(e.path()).matches()) {
                    found.add(e.path() + " (layer " + e.layer() + ")");
                }
            }
        }
        if (found.isEmpty()) {
            return CheckResult.pass("no-pip-cache", title, "none in any layer");
        }
        return CheckResult.fail("no-pip-cache", title, found.size() + " pip cache entr"
                + (found.size() == 1 ? "y" : "ies") + ", first " + found.iterator().next()
                + ": build the venv with --no-cache-dir outside the image", List.copyOf(found));
    }

    CheckResult noBuildTools(ImageFilesystem fs) {
        String title = "no build tools (pip, git, compilers) in the image";
        List<String> found = new ArrayList<>();
        for (LayerEntry e : fs.tree("/")) {
            if (BUILD_TOOL.matcher(e.path()).matches() && !isAllowed(e.path())) {
                found.add(e.path());
            }
        }
        if (found.isEmpty()) {
            return CheckResult.pass("no-build-tools", title, "none found");
        }
        return CheckResult.fail("no-build-tools", title, "build tool(s) in the image, first " + found.get(0)
                + ": they belong to the build, not to the runtime image", found);
    }

    private boolean isAllowed(String path) {
        Path p = Path.of(path);
        return allowed.stream().anyMatch(m -> m.matches(p));
    }
}
