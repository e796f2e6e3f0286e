package dev.odooimage.image.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.odooimage.image.LayerPlan;
import dev.odooimage.image.LayerPlanner;
import dev.odooimage.image.Ownership;
import dev.odooimage.image.RuntimeScripts;

/**
 * Times the layer planning (tree walk, modes, link policy) for a synthetic work directory of
 * Odoo's size: sources of 3 aggregates and a venv, {@code files} files in all. Jib's own
 * tar/gzip work is not measured here. Usage: LayerPlanBenchmark WORKDIR [files] [iterations]
 */
public final class LayerPlanBenchmark {
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 60000;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path work = root.resolve("target/odoo");
        if (!Files.exists(work.resolve("src.json"))) {
            long t0 = System.nanoTime();
            synthesize(work, files);
            System.out.printf("synthesized %d files in %.1f s%n", files, (System.nanoTime() - t0) / 1e9);
        }
        Path scripts = RuntimeScripts.extract(root.resolve("staging/runtime"));
        List<Long> times = new ArrayList<>();
        int entries = 0;
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            LayerPlan plan = new LayerPlanner(work, scripts, root.resolve("staging"), new Ownership(1000, 1000),
                    w -> { }).plan(dev.odooimage.imageprep.ImagePreparation.layerInputs(work, w -> { }));
            times.add((System.nanoTime() - t0) / 1_000_000);
            entries = plan.layers().stream().mapToInt(l -> l.entries().size()).sum();
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf("entries planned: %d%n", entries);
        System.out.printf("plan times (ms), first is cold: %s%n", times);
        System.out.printf("heap used after: %d MB%n", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
    }

    /** 60% in odoo (addons of ~25 files), 15% in two addon repos, 25% in the venv. */
    static void synthesize(Path work, int files) throws IOException {
        String[][] split = {{"odoo", "0.60"}, {"oca/web", "0.08"}, {"customer", "0.07"}};
        StringBuilder json = new StringBuilder("{\"format\": 1, \"aggregates\": [");
        int made = 0;
        for (String[] s : split) {
            int n = (int) (files * Double.parseDouble(s[1]));
            write(work.resolve("src").resolve(s[0]), n);
            json.append(made++ == 0 ? "" : ",").append("{\"path\": \"./").append(s[0]).append("\", \"dir\": \"")
                    .append(s[0]).append("\"}");
        }
        Files.writeString(work.resolve("src.json"), json.append("]}\n").toString());
        Files.writeString(work.resolve("src/odoo/odoo-bin"), "#!/usr/bin/env python3\n");
        write(work.resolve("venv/lib/python3.11/site-packages"), (int) (files * 0.25));
        Files.writeString(work.resolve("venv/pyvenv.cfg"), "home = /usr/bin\n");
        Files.writeString(work.resolve("addons_path"), "/opt/odoo/src/odoo/addons,/opt/odoo/src/oca/web\n");
    }

    private static void write(Path dir, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve("addon_" + (i / 25)).resolve(i % 5 == 0 ? "static/src" : "models")
                    .resolve("file_" + i + (i % 3 == 0 ? ".js" : ".py"));
            Files.createDirectories(f.getParent());
            Files.writeString(f, "# " + i + "\n");
        }
    }
}
