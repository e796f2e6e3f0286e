package dev.odooimage.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian packages: the build-only ones must not be in the image (neither recorded by
 * dpkg nor their files), the runtime ones must be installed.
 */
final class PackageChecks {
    static final String STATUS = "/var/lib/dpkg/status";
    static final String STATUS_D = "/var/lib/dpkg/status.d";
    static final String INFO = "/var/lib/dpkg/info";

    private PackageChecks() {
    }

    /** Which image files the reader must capture for these checks. */
    static boolean captures(String path) {
        return path.equals(STATUS) || path.startsWith(STATUS_D + "/")
                || (path.startsWith(INFO + "/") && path.endsWith(".list"));
    }

    /** Package name -> dpkg Status value, from the status file and distroless-style status.d. */
    static Map<String, String> installed(ImageFilesystem fs) {
        Map<String, String> status = new HashMap<>();
        fs.readString(STATUS).ifPresent(t -> parse(t, status));
        for (LayerEntry e : fs.children(STATUS_D)) {
            fs.read(e.path()).ifPresent(b -> parse(new String(b, StandardCharsets.UTF_8), status));
        }
        return status;
    }

    private static void parse(String text, Map<String, String> into) {
        for (String stanza : text.split("\\n\\s*\\n")) {
            String pkg = null;
            String st = "install ok installed"; // status.d files carry no Status field: they are installed
            for (String line : stanza.split("\\n")) {
                if (line.startsWith("Package:")) {
                    pkg = line.substring(8).trim();
                } else if (line.startsWith("Status:")) {
                    st = line.substring(7).trim();
                }
            }
            if (pkg != null) {
                into.merge(pkg, st, (a, b) -> isInstalled(a) ? a : b);
            }
        }
    }

    static boolean isInstalled(String status) {
        return status != null && (status.endsWith(" installed") || status.endsWith(" half-configured")
                || status.endsWith(" unpacked") || status.endsWith(" half-installed")
                || status.endsWith(" triggers-awaited") || status.endsWith(" triggers-pending"));
    }

    /** The regular files dpkg says the package owns (from info/<pkg>.list or info/<pkg>:<arch>.list). */
    private static List<String> listedFiles(ImageFilesystem fs, String pkg) {
        List<String> files = new ArrayList<>();
        for (LayerEntry e : fs.children(INFO)) {
            String n = e.name();
            if (n.equals(pkg + ".list") || (n.startsWith(pkg + ":") && n.endsWith(".list"))) {
                fs.readString(e.path()).ifPresent(t -> t.lines().map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.equals("/.")).forEach(files::add));
            }
        }
        return files;
    }

    static CheckResult buildPackagesAbsent(ImageFilesystem fs, List<String> buildPackages) {
        String id = "build-packages-absent";
        String title = "system-build-packages.txt packages are not in the image";
        if (buildPackages.isEmpty()) {
            return CheckResult.skip(id, title, "system-build-packages.txt lists no package");
        }
        Map<String, String> status = installed(fs);
        List<String> leaked = new ArrayList<>();
        for (String pkg : buildPackages) {
            if (isInstalled(status.get(pkg))) {
                leaked.add(pkg + " (dpkg status: " + status.get(pkg) + ")");
                continue;
            }
            for (String f : listedFiles(fs, pkg)) {
                var e = fs.entry(f);
                if (e.isPresent() && !e.get().isDirectory()) {
                    leaked.add(pkg + " (file " + f + ")");
                    break;
                }
            }
        }
        if (leaked.isEmpty()) {
            return CheckResult.pass(id, title, buildPackages.size() + " build package(s) absent");
        }
        return CheckResult.fail(id, title, "build-only package " + leaked.get(0) + " leaked into the image:"
                + " install build packages in the build only, never in a runtime layer", leaked);
    }

    static CheckResult runtimePackagesPresent(ImageFilesystem fs, List<String> runtimePackages) {
        String id = "runtime-packages-present";
        String title = "system-runtime-packages.txt packages are installed";
        if (runtimePackages.isEmpty()) {
            return CheckResult.skip(id, title, "system-runtime-packages.txt lists no package");
        }
        Map<String, String> status = installed(fs);
        List<String> missing = new ArrayList<>();
        for (String pkg : runtimePackages) {
            if (!isInstalled(status.get(pkg))) {
                missing.add(pkg + (status.containsKey(pkg) ? " (dpkg status: " + status.get(pkg) + ")"
                        : " (not known to dpkg)"));
                continue;
            }
            List<String> files = listedFiles(fs, pkg).stream()
                    .filter(f -> fs.entry(f).map(e -> !e.isDirectory()).orElse(true)).toList();
            // Slim images drop docs via dpkg path-exclude, so some listed files may be gone;
            // a package none of whose files is there was removed behind dpkg's back.
            if (!files.isEmpty() && files.stream().noneMatch(fs::exists)) {
                missing.add(pkg + " (dpkg lists it but none of its " + files.size() + " files is in the image)");
            }
        }
        if (missing.isEmpty()) {
            return CheckResult.pass(id, title, runtimePackages.size() + " runtime package(s) installed");
        }
        if (status.isEmpty()) {
            return CheckResult.fail(id, title, "the image has no dpkg database (" + STATUS + "), so runtime"
                    + " packages " + runtimePackages + " cannot be installed; use a Debian based image", missing);
        }
        return CheckResult.fail(id, title, "runtime package " + missing.get(0) + " is missing: the image step"
                + " must layer system-runtime-packages.txt", missing);
    }
}
