package dev.odooimage.enterprise;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import dev.odooimage.util.AtomicFiles;

/**
 * Benchmark (a main, not a test): {@link EnterpriseImport} on a synthetic Odoo-like bundle of
 * C Community modules (one drifted) and E Enterprise modules of F files each (~2 KiB), against a
 * Community checkout locked and aggregated by the plugin's own code and a fresh bare mirror per
 * round. Timed: dry run, first apply (E + 1 commits), the same bundle again (no commit), a newer
 * bundle with 5 modules changed. Numbers go to docs/enterprise.md; run with
 * {@code benchmarks/enterprise/import-bench.sh [C] [E] [F] [rounds]}.
 */
public final class EnterpriseImportBenchmark {
    private EnterpriseImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int community = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int enterprise = args.length > 1 ? Integer.parseInt(args[1]) : 250;
        int files = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path base = Files.createTempDirectory(args.length > 4 ? Path.of(args[4]) : Path.of(System.getProperty("java.io.tmpdir")),
                "enterprise-bench");
        try {
            Random random = new Random(42);
            Path tree = base.resolve("community");
            EnterpriseFixtures.syntheticCommunity(tree);
            String top = "odoo-16.0+e.20240301";
            EnterpriseFixtures.BundleSpec spec = new EnterpriseFixtures.BundleSpec()
                    .exec(top + "/odoo-bin", "#!/usr/bin/env python3\n")
                    .file(top + "/odoo/release.py", "version_info = (16, 0, 0, 'final', 0, '')\n");
            for (int i = 0; i < community; i++) {
                Path m = tree.resolve("addons/c_" + i);
                EnterpriseFixtures.addon(m, EnterpriseFixtures.manifest("C" + i, "LGPL-3", "base"));
                for (int f = 0; f < files; f++) {
                    EnterpriseFixtures.write(m.resolve("models/m" + f + ".py"), text(random));
                }
            }
            spec.tree(tree.resolve("addons"), top + "/odoo/addons").tree(tree.resolve("odoo/addons/base"),
                    top + "/odoo/addons/base");
            spec.file(top + "/odoo/addons/c_0/models/m0.py", "# drifted\n");
            for (int i = 0; i < enterprise; i++) {
                String m = top + "/odoo/addons/e_" + i;
                spec.addon(m, EnterpriseFixtures.manifest("E" + i, "OEEL-1", "base"));
                for (int f = 0; f < files; f++) {
                    spec.file(m + "/models/m" + f + ".py", text(random));
                }
            }
            EnterpriseFixtures.BundleSpec newer = spec.copy();
            for (int i = 0; i < 5; i++) {
                newer.file(top + "/odoo/addons/e_" + i + "/models/m0.py", "# changed in the newer bundle\n");
            }
            Path bundle = spec.tarGz(base.resolve("odoo_16.0+e.20240301.tar.gz"));
            Path bundle2 = newer.tarGz(base.resolve("odoo_16.0+e.20240401.tar.gz"));
            long t0 = System.nanoTime();
            EnterpriseFixtures.Project project = EnterpriseFixtures.project(base, tree);
            System.out.printf(Locale.ROOT, "set-up (commit, lock, aggregate the Community tree): %.1f s%n",
                    (System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "bundle: %d modules (%d Community, %d Enterprise), %d files, %.1f MiB%n",
                    community + enterprise + 4, community + 4, enterprise, (community + enterprise) * (files + 2),
                    Files.size(bundle) / 1048576.0);
            List<List<Double>> times = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                times.add(new ArrayList<>());
            }
            for (int r = 0; r < rounds + 1; r++) { // round 0 warms the JVM up and is not counted
                Path mirror = EnterpriseFixtures.bareMirror(base.resolve("mirror-" + r + ".git"));
                double[] t = {
                    time(() -> project.importer(bundle, mirror.toString()).call()),
                    time(() -> project.importer(bundle, mirror.toString()).apply(true).call()),
                    time(() -> project.importer(bundle, mirror.toString()).apply(true).call()),
                    time(() -> project.importer(bundle2, mirror.toString()).apply(true).call())};
                if (r > 0) {
                    for (int k = 0; k < 4; k++) {
                        times.get(k).add(t[k]);
                    }
                }
            }
            String[] names = {"dry run", "apply, empty mirror (" + (enterprise + 1) + " commits)",
                "same bundle again (no commit)", "newer bundle, 5 modules changed (6 commits)"};
            System.out.println("| case | median | min |");
            System.out.println("|---|---|---|");
            for (int k = 0; k < 4; k++) {
                List<Double> s = new ArrayList<>(times.get(k));
                Collections.sort(s);
                System.out.printf(Locale.ROOT, "| %s | %.2f s | %.2f s |%n", names[k], s.get(s.size() / 2), s.get(0));
            }
        } finally {
            AtomicFiles.deleteRecursively(base);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double time(Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String text(Random random) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 2048) {
            sb.append("    value_").append(random.nextInt(1_000_000)).append(" = ").append(random.nextLong()).append('\n');
        }
        return sb.toString();
    }
}
