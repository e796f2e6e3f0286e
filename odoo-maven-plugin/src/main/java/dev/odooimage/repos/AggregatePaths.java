package dev.odooimage.repos;

import java.util.ArrayList;
import java.util.List;

import dev.odooimage.util.OdooImageException;

/**
 * Where aggregates land under src/: each a relative directory of its own (no {@code ..},
 * no absolute path, not {@code .}, not inside another aggregate). Checked where the paths
 * are written, repos.yaml, by odoo:lock and odoo:check-lock, and again by odoo:aggregate.
 */
public final class AggregatePaths {
    private AggregatePaths() {
    }

    /** Fails on the first bad path, citing the file and line of its aggregate. */
    public static void check(ReposConfig config) {
        String file = config.source() != null ? config.source().getFileName().toString() : "the repos file";
        List<String> seen = new ArrayList<>();
        for (Aggregate agg : config.aggregates()) {
            String where = file + (agg.line() > 0 ? ":" + agg.line() : "") + ", aggregate " + agg.path();
            String rel = agg.relativePath();
            if (AggregatePath.problem(rel).isPresent()) {
                throw new OdooImageException(where + ": the path must be a relative directory like ./odoo or"
                        + " ./oca/server-tools (no '..', no absolute path, not '.'): it is where the sources land"
                        + " under target/odoo/src. Fix it in repos.yaml.");
            }
            for (String other : seen) {
                if (other.equals(rel) || other.startsWith(rel + "/") || rel.startsWith(other + "/")) {
                    throw new OdooImageException(where + ": overlaps aggregate ./" + other
                            + "; each aggregate needs its own directory, not nested in another one. Fix it in"
                            + " repos.yaml.");
                }
            }
            seen.add(rel);
        }
    }
}
