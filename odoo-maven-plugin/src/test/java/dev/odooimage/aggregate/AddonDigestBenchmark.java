package dev.odooimage.aggregate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Times the per-addon digests of odoo:addons-path on an aggregated tree (benchmarks/addon-digests.sh):
 * every addon read from disk ({@link TreeDigest#of(Path)}) against the reuse of the aggregate
 * step's recorded file hashes ({@link TreeDigest#ofInAggregate}), single-threaded, best of N.
 * Args: the aggregate directory (e.g. an unpacked Odoo), iterations.
 */
public final class AddonDigestBenchmark {
    private AddonDigestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path agg = Path.of(args[0]).toAbsolutePath();
        int iterations = Integer.parseInt(args[1]);
        List<Path> addons;
        try (Stream<Path> s = Files.walk(agg)) {
            addons = s.filter(p -> p.getFileName().toString().equals("__manifest__.py")).map(Path::getParent).toList();
        }
        long files;
        try (Stream<Path> s = Files.walk(agg)) {
            files = s.filter(Files::isRegularFile).count();
        }
        Path statFile = Files.createTempFile("addon-digest-bench", ".stat");
        StatCache seen = StatCache.empty();
        TreeDigest.of(agg, StatCache.empty(), seen);
        seen.write(statFile);
        Files.setLastModifiedTime(statFile, FileTime.from(System.currentTimeMillis() + 10_000, TimeUnit.MILLISECONDS));
        TreeDigest.Recorded recorded = TreeDigest.Recorded.read(statFile);
        long bestRead = Long.MAX_VALUE;
        long bestCached = Long.MAX_VALUE;
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            for (Path a : addons) {
                TreeDigest.of(a);
            }
            long t1 = System.nanoTime();
            for (Path a : addons) {
                TreeDigest.ofInAggregate(a, agg.relativize(a) + "/", recorded);
            }
            long t2 = System.nanoTime();
            bestRead = Math.min(bestRead, t1 - t0);
            bestCached = Math.min(bestCached, t2 - t1);
        }
        System.out.printf("%d addons, %d files under %s: read every file %d ms, reuse recorded hashes %d ms"
                + " (best of %d, one thread)%n", addons.size(), files, agg, bestRead / 1_000_000, bestCached / 1_000_000,
                iterations);
        Files.delete(statFile);
    }
}
