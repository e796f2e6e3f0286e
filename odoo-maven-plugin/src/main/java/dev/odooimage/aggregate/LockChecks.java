package dev.odooimage.aggregate;

import java.util.ArrayList;
import java.util.List;

import dev.odooimage.repos.Aggregate;
import dev.odooimage.repos.Merge;
import dev.odooimage.repos.ReposConfig;
import dev.odooimage.util.OdooImageException;

/** What aggregation needs from a lock, checked before anything is touched. */
final class LockChecks {
    private LockChecks() {
    }

    static void check(ReposConfig lock) {
        String file = lock.source() != null ? lock.source().toString() : "the lock";
        List<String> seen = new ArrayList<>();
        for (Aggregate agg : lock.aggregates()) {
            String where = file + (agg.line() > 0 ? ":" + agg.line() : "") + ", aggregate " + agg.path();
            String rel = agg.relativePath();
            if (rel.isEmpty() || rel.equals(".") || rel.startsWith("/") || rel.contains("\\")
                    || List.of(rel.split("/")).stream().anyMatch(s -> s.isEmpty() || s.equals("..") || s.equals(".")
                            || s.equals(".git"))) {
                throw new OdooImageException(where + ": the path must be a relative directory like ./odoo or"
                        + " ./oca/server-tools (no '..', no absolute path).");
            }
            for (String other : seen) {
                if (other.equals(rel) || other.startsWith(rel + "/") || rel.startsWith(other + "/")) {
                    throw new OdooImageException(where + ": overlaps aggregate ./" + other
                            + "; each aggregate needs its own directory, not nested in another one.");
                }
            }
            seen.add(rel);
            if (agg.merges().isEmpty()) {
                throw new OdooImageException(where + ": no merges. Add at least one merge to repos.yaml and run mvn odoo:lock.");
            }
            for (Merge m : agg.merges()) {
                String at = file + (m.line() > 0 ? ":" + m.line() : "") + ", aggregate " + agg.path();
                if (agg.remoteUrl(m.remote()) == null) {
                    throw new OdooImageException(at + ": merge '" + m + "' names remote '" + m.remote()
                            + "' which is not in its remotes. Fix repos.yaml and run mvn odoo:lock.");
                }
                if (!m.isPinned()) {
                    throw new OdooImageException(at + ": merge '" + m + "' is not pinned to a commit SHA; "
                            + "this is not a lock file. Run mvn odoo:lock to write repos.lock.yaml.");
                }
            }
        }
    }
}
