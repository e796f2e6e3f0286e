package dev.odooimage.verify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The static release checks on an image tarball (odoo:verify). Reads the tarball once
 * for metadata and once for layers, runs every check (a failing check never hides the
 * others), and returns the results in a fixed order.
 */
public final class ImageVerifier {

    public VerifyReport verify(Path tarball, VerifyOptions options) {
        SecretScanner scanner = new SecretScanner(options.secrets().secrets());
        ImageReader reader = new ImageReader(ImageVerifier::captures, scanner, SharedLibrariesCheck::inScope);
        ImageSnapshot image = reader.read(tarball);
        ImageFilesystem fs = image.filesystem();
        ImageUser user = ImageUser.resolve(image.config().user(), fs);
        Set<String> roots = options.aggregateRoots();
        ForbiddenFiles forbidden = new ForbiddenFiles(options.allowedPaths());

        List<CheckResult> checks = new ArrayList<>();
        checks.add(ConfigChecks.nonRootUser(image.config(), user));
        checks.add(ConfigChecks.entrypoint(image.config(), fs, options.entrypoint()));
        checks.add(ConfigChecks.runDirectory(fs, user));
        checks.add(forbidden.noGit(image.layers()));
        checks.add(forbidden.noBuildInputs(image.layers()));
        checks.add(forbidden.noPipCache(image.layers()));
        checks.add(forbidden.noBuildTools(fs));
        checks.add(AddonsPathCheck.check(fs, options.addonsPath(), roots == null ? Set.of() : roots));
        checks.add(PackageChecks.buildPackagesAbsent(fs, options.buildPackages()));
        checks.add(PackageChecks.runtimePackagesPresent(fs, options.runtimePackages()));
        checks.add(SharedLibrariesCheck.check(image, fs, options.libraryProviders()));
        checks.add(LockChecks.labels(image.config(), options.lockLabels()));
        checks.add(LockChecks.layers(image.layers(), image.config().history(), roots));
        checks.add(secrets(image, options.secrets(), scanner));
        return new VerifyReport(tarball.toString(), image.format(), image.imageId(), image.config().user(),
                image.config().entrypoint(), image.layers().size(), checks);
    }

    static boolean captures(String path) {
        return path.equals(AddonsPathCheck.IMAGE_FILE) || path.equals("/etc/passwd") || path.equals("/etc/group")
                || PackageChecks.captures(path) || SharedLibrariesCheck.captures(path);
    }

    private static CheckResult secrets(ImageSnapshot image, SecretSet set, SecretScanner scanner) {
        String id = "no-secrets";
        String title = "no build credential or configured secret in any layer";
        List<String> notes = new ArrayList<>();
        set.tooShort().forEach(l -> notes.add(l + ": shorter than " + SecretScanner.MIN_LENGTH
                + " bytes, not searched"));
        if (scanner.isEmpty()) {
            return new CheckResult(id, title, CheckResult.Status.SKIP,
                    "no secret to look for (no server password in settings.xml, no <secretFiles>)", notes);
        }
        if (!image.secretHits().isEmpty()) {
            List<String> found = image.secretHits().stream().map(h -> h.secret() + " found in " + h.location())
                    .toList();
            return CheckResult.fail(id, title, found.get(0) + ": remove it from the build inputs and rebuild;"
                    + " rotate the credential, it has been in an image", found);
        }
        return CheckResult.pass(id, title, scanner.secrets().size() + " secret value(s) searched in every layer,"
                + " raw and decompressed: none found", notes);
    }
}
