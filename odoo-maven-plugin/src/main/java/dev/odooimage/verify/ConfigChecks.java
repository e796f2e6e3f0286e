package dev.odooimage.verify;

import java.util.List;

import dev.odooimage.contract.ImagePaths;

/** Checks on how the image runs: its user, its entrypoint, its private runtime directory. */
final class ConfigChecks {
    static final String RUN_DIR = ImagePaths.RUN;

    private ConfigChecks() {
    }

    static CheckResult nonRootUser(ImageConfig config, ImageUser user) {
        String title = "image runs as a non-root user";
        if (config.user().isBlank()) {
            return CheckResult.fail("non-root-user", title, "the image config sets no User, so containers run as"
                    + " root; the image step must set a numeric non-root user (1000:1000 by default)");
        }
        if (user.uid().isEmpty()) {
            return CheckResult.fail("non-root-user", title, "User '" + config.user()
                    + "' is not numeric and not in the image's /etc/passwd; use a numeric uid:gid");
        }
        if (user.isRoot()) {
            return CheckResult.fail("non-root-user", title, "User '" + config.user() + "' is root (uid 0);"
                    + " set a non-root numeric user such as 1000:1000");
        }
        return CheckResult.pass("non-root-user", title, "User '" + config.user() + "' (uid "
                + user.uid().getAsLong() + ")");
    }

    static CheckResult entrypoint(ImageConfig config, ImageFilesystem fs, String expected) {
        String title = "entrypoint is " + expected;
        List<String> ep = config.entrypoint();
        if (ep.isEmpty() || !ep.get(0).equals(expected)) {
            return CheckResult.fail("entrypoint", title, "Entrypoint is " + (ep.isEmpty() ? "unset" : ep)
                    + ", expected [" + expected + "]: the runtime wrapper must render the config and exec Odoo");
        }
        var file = fs.lookup(expected);
        if (file.isEmpty() || file.get().isDirectory()) {
            return CheckResult.fail("entrypoint", title, "Entrypoint " + expected + " is not a file in the image");
        }
        if ((file.get().mode() & 0111) == 0) {
            return CheckResult.fail("entrypoint", title, "Entrypoint " + expected + " is not executable (mode "
                    + String.format("%04o", file.get().mode()) + ")");
        }
        return CheckResult.pass("entrypoint", title, "Entrypoint " + ep);
    }

    static CheckResult runDirectory(ImageFilesystem fs, ImageUser user) {
        String title = RUN_DIR + " is 0700 and owned by the image user";
        var dir = fs.lookup(RUN_DIR);
        if (dir.isEmpty()) {
            return CheckResult.fail("run-dir", title, RUN_DIR + " is missing: odoo-run renders its config there");
        }
        LayerEntry e = dir.get();
        if (!e.isDirectory()) {
            return CheckResult.fail("run-dir", title, RUN_DIR + " is not a directory");
        }
        if (e.mode() != 0700) {
            return CheckResult.fail("run-dir", title, RUN_DIR + " has mode " + String.format("%04o", e.mode())
                    + ", expected 0700 (the rendered config holds secrets)");
        }
        if (user.uid().isEmpty() || e.uid() != user.uid().getAsLong()) {
            return CheckResult.fail("run-dir", title, RUN_DIR + " is owned by uid " + e.uid()
                    + ", expected the image user " + (user.uid().isPresent() ? "uid " + user.uid().getAsLong()
                    : "'" + user.spec() + "'"));
        }
        return CheckResult.pass("run-dir", title, RUN_DIR + " 0700 " + e.uid() + ":" + e.gid());
    }
}
