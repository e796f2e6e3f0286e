package dev.odooimage.addons;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import dev.odooimage.aggregate.Aggregator;
import dev.odooimage.aggregate.TreeDigest;
import dev.odooimage.util.Parallel;

/**
 * One content digest per addon, for {@code /etc/odoo/addons.digests}: {@code odoo-update
 * --changed} compares them with the ones it recorded in the database and updates exactly the
 * installed modules whose code changed. Computed here, at build time, from the aggregated
 * tree ({@link TreeDigest}: file contents, exec bits, symlinks, names; not times or owners),
 * so nothing is hashed at container start and equal sources give equal digests. The file hashes
 * the aggregate step recorded ({@code .src-stat}) are reused for files whose stat data did not
 * change, so a build reads again only what changed since the sources were exported.
 *
 * <p>Format, one addon a line, sorted by technical name:
 * <pre>
 * # odoo-image addon digests, format 1
 * base sha256:...
 * </pre>
 */
public final class AddonDigests {
    public static final String FILE = "addons.digests";
    static final String HEADER = "# odoo-image addon digests, format 1: <technical name> <tree digest>\n";

    private AddonDigests() {
    }

    /**
     * The file's text for every addon of the inventory (several threads: reading is most of it).
     * {@code workDir} is where the aggregate step keeps its stat data (null: read every file).
     */
    public static String render(Inventory inventory, Path workDir) {
        List<Addon> addons = new ArrayList<>(inventory.addons());
        addons.sort(Comparator.comparing(Addon::name));
        ExecutorService pool = Parallel.pool(Math.min(4, Runtime.getRuntime().availableProcessors()), "addon-digest");
        try {
            // Each aggregate's recorded hashes are read once, before the threads share them.
            Map<String, TreeDigest.Recorded> recorded = new HashMap<>();
            if (workDir != null) {
                for (Addon a : addons) {
                    if (a.aggregate() != null) {
                        recorded.computeIfAbsent(a.aggregate(),
                                agg -> TreeDigest.Recorded.read(Aggregator.statFile(workDir, agg)));
                    }
                }
            }
            List<Future<String>> digests = new ArrayList<>();
            for (Addon a : addons) {
                digests.add(pool.submit(() -> digest(a, recorded.get(a.aggregate()))));
            }
            StringBuilder out = new StringBuilder(HEADER);
            for (int i = 0; i < addons.size(); i++) {
                out.append(addons.get(i).name()).append(' ')
                        .append(Parallel.await(digests.get(i), "hashing the addons")).append('\n');
            }
            return out.toString();
        } finally {
            pool.shutdownNow();
        }
    }

    private static String digest(Addon a, TreeDigest.Recorded recorded) {
        String agg = a.aggregate();
        if (recorded != null && a.relative().startsWith(agg + "/")) {
            return TreeDigest.ofInAggregate(a.dir(), a.relative().substring(agg.length() + 1) + "/", recorded);
        }
        return TreeDigest.of(a.dir());
    }
}
