package dev.odooimage.addons;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import dev.odooimage.aggregate.TreeDigest;
import dev.odooimage.util.Parallel;

/**
 * One content digest per addon, for {@code /etc/odoo/addons.digests}: {@code odoo-update
 * --changed} compares them with the ones it recorded in the database and updates exactly the
 * installed modules whose code changed. Computed here, at build time, from the aggregated
 * tree ({@link TreeDigest}: file contents, exec bits, symlinks, names; not times or owners),
 * so nothing is hashed at container start and equal sources give equal digests.
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

    /** The file's text for every addon of the inventory (several threads: reading is most of it). */
    public static String render(Inventory inventory) {
        List<Addon> addons = new ArrayList<>(inventory.addons());
        addons.sort(Comparator.comparing(Addon::name));
        ExecutorService pool = Parallel.pool(Math.min(4, Runtime.getRuntime().availableProcessors()), "addon-digest");
        try {
            List<Future<String>> digests = new ArrayList<>();
            for (Addon a : addons) {
                digests.add(pool.submit(() -> TreeDigest.of(a.dir())));
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
}
