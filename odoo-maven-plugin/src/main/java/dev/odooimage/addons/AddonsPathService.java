package dev.odooimage.addons;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.OdooImageException;

/**
 * The {@code addons-path} step: find the roots of the locked aggregates, read every
 * manifest, run the checks, then write {@code addons_path}, {@code addons.json} and
 * {@code addons.digests} ({@link AddonDigests}).
 * Outputs are written only when everything passed; a failure removes older ones, so no
 * later step trusts a path that no longer matches the sources.
 */
public final class AddonsPathService {
    public static final String ADDONS_PATH_FILE = "addons_path";
    public static final String ADDONS_JSON_FILE = "addons.json";
    public static final String ADDONS_DIGESTS_FILE = AddonDigests.FILE;
    private static final Pattern RELEASE = Pattern.compile("version_info\\s*=\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)");
    private static final Pattern SERIE = Pattern.compile("(?m)^serie\\s*=\\s*(?:major_version\\s*=\\s*)?['\"](\\d+\\.\\d+)['\"]");

    /**
     * @param srcDir          the materialised source tree ({@code target/odoo/src})
     * @param aggregates      aggregate relative paths in lock order
     * @param imageSourceRoot where {@code srcDir} lands in the image ({@code /opt/odoo/src})
     * @param nestedDepth     how many folder levels below a repository to look for nested roots
     * @param series          the Odoo series (e.g. 17.0), or null to read it from odoo/release.py
     * @param strictVersions  version mismatches fail instead of warning
     * @param licensePolicy   the licence policy
     * @param pythonInputs    requirement files listing the image's Python packages (absent ones skipped);
     *                        the Odoo repository's requirements.txt is added automatically
     * @param displayBase     files are named relative to this directory in messages, or null
     */
    public record Options(Path srcDir, List<String> aggregates, String imageSourceRoot, int nestedDepth, String series,
            boolean strictVersions, LicensePolicy licensePolicy, List<Path> pythonInputs, Path displayBase) {
        public Options {
            aggregates = List.copyOf(aggregates);
            pythonInputs = List.copyOf(pythonInputs);
            if (nestedDepth < 0) {
                throw new OdooImageException("odoo.addons.nestedDepth must be 0 or more, got " + nestedDepth);
            }
            if (imageSourceRoot == null || !imageSourceRoot.startsWith("/")) {
                throw new OdooImageException("imageSourceRoot must be an absolute image path such as /opt/odoo/src, got '"
                        + imageSourceRoot + "'");
            }
        }

        /** A builder: each setting by name, the defaults below for those not set. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding these settings, to change a few. */
        public Builder toBuilder() {
            return new Builder().srcDir(srcDir).aggregates(aggregates).imageSourceRoot(imageSourceRoot)
                    .nestedDepth(nestedDepth).series(series).strictVersions(strictVersions)
                    .licensePolicy(licensePolicy).pythonInputs(pythonInputs).displayBase(displayBase);
        }

        /** Settings by name; {@link #build()} makes the immutable Options. */
        public static final class Builder {
            private Path srcDir;
            private List<String> aggregates;
            private String imageSourceRoot = dev.odooimage.contract.ImagePaths.SRC;
            private int nestedDepth = 3;
            private String series;
            private boolean strictVersions;
            private LicensePolicy licensePolicy = LicensePolicy.REPORT;
            private List<Path> pythonInputs = List.of();
            private Path displayBase;

            private Builder() {
            }

            public Builder srcDir(Path srcDir) {
                this.srcDir = srcDir;
                return this;
            }

            public Builder aggregates(List<String> aggregates) {
                this.aggregates = aggregates;
                return this;
            }

            public Builder imageSourceRoot(String imageSourceRoot) {
                this.imageSourceRoot = imageSourceRoot;
                return this;
            }

            public Builder nestedDepth(int nestedDepth) {
                this.nestedDepth = nestedDepth;
                return this;
            }

            public Builder series(String series) {
                this.series = series;
                return this;
            }

            public Builder strictVersions(boolean strictVersions) {
                this.strictVersions = strictVersions;
                return this;
            }

            public Builder licensePolicy(LicensePolicy licensePolicy) {
                this.licensePolicy = licensePolicy;
                return this;
            }

            public Builder pythonInputs(List<Path> pythonInputs) {
                this.pythonInputs = pythonInputs;
                return this;
            }

            public Builder displayBase(Path displayBase) {
                this.displayBase = displayBase;
                return this;
            }

            public Options build() {
                return new Options(srcDir, aggregates, imageSourceRoot, nestedDepth, series, strictVersions, 
                        licensePolicy, pythonInputs, displayBase);
            }
        }
    }

    private AddonsPathService() {
    }

    /** Roots and addons; fails on missing aggregates, malformed manifests and duplicates. */
    public static Inventory inventory(Options o, Diagnostics diag) {
        if (!Files.isDirectory(o.srcDir())) {
            throw new OdooImageException("no materialised sources at " + o.srcDir()
                    + "; run 'mvn generate-sources' (odoo:aggregate) first");
        }
        List<AddonRoot> roots = new AddonRootFinder(o.srcDir(), o.nestedDepth()).find(o.aggregates(), diag);
        Inventory inv = new AddonScanner(o.srcDir(), o.imageSourceRoot(), o.displayBase())
                .scan(roots, o.aggregates(), diag);
        diag.throwIfErrors("cannot build the addons path");
        return inv;
    }

    /** The whole step. Returns the inventory that was written. */
    public static Inventory generate(Options o, Path workDir, Diagnostics diag) {
        Path pathFile = workDir.resolve(ADDONS_PATH_FILE);
        Path jsonFile = workDir.resolve(ADDONS_JSON_FILE);
        Path digestsFile = workDir.resolve(ADDONS_DIGESTS_FILE);
        try {
            Inventory inv = inventory(o, diag);
            String series = o.series() != null && !o.series().isBlank() ? o.series().trim() : detectSeries(inv);
            if (series == null) {
                diag.warn("Odoo series unknown (no odoo.series and no odoo/release.py); addon versions not checked");
            } else {
                VersionCheck.check(inv, series, o.strictVersions(), diag);
            }
            DependencyCheck.check(inv, diag);
            o.licensePolicy().check(inv, diag);
            List<Path> python = new ArrayList<>(o.pythonInputs());
            odooRepository(inv).ifPresent(r -> python.add(r.resolve("requirements.txt")));
            PythonDependencyCheck.check(inv, python, diag);
            diag.throwIfErrors("the addons on addons_path would fail in production");
            AtomicFiles.writeStringIfChanged(jsonFile, AddonsJson.render(inv, o.imageSourceRoot(), series));
            AtomicFiles.writeStringIfChanged(digestsFile, AddonDigests.render(inv, workDir));
            AtomicFiles.writeStringIfChanged(pathFile, inv.addonsPath(o.imageSourceRoot()) + "\n");
            return inv;
        } catch (RuntimeException e) {
            deleteQuietly(pathFile);
            deleteQuietly(jsonFile);
            deleteQuietly(digestsFile);
            throw e;
        }
    }

    /** The Odoo series from the Odoo repository's {@code odoo/release.py}, or null. */
    static String detectSeries(Inventory inv) {
        return odooRepository(inv).map(AddonsPathService::seriesOf).orElse(null);
    }

    /** The Odoo series of an Odoo repository checkout from its {@code odoo/release.py}, or null. */
    public static String seriesOf(Path odooRepository) {
        return java.util.Optional.of(odooRepository.resolve("odoo/release.py")).filter(Files::isRegularFile).map(p -> {
            try {
                return seriesOfRelease(Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }).orElse(null);
    }

    /** The Odoo series declared by the text of an {@code odoo/release.py}, or null. */
    public static String seriesOfRelease(String text) {
        Matcher m = RELEASE.matcher(text);
        if (m.find()) {
            return m.group(1) + "." + m.group(2);
        }
        Matcher s = SERIE.matcher(text);
        return s.find() ? s.group(1) : null;
    }

    private static java.util.Optional<Path> odooRepository(Inventory inv) {
        return inv.roots().stream().filter(r -> r.kind() == AddonRoot.Kind.ODOO_CORE)
                .map(r -> r.dir().getParent().getParent()).findFirst();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the failure being reported matters more
        }
    }
}
