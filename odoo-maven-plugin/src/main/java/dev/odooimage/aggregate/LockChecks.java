package dev.odooimage.aggregate;

import dev.odooimage.repos.Aggregate;
import dev.odooimage.repos.AggregatePaths;
import dev.odooimage.repos.Merge;
import dev.odooimage.repos.ReposConfig;
import dev.odooimage.util.OdooImageException;

/** What aggregation needs from a lock, checked before anything is touched. */
final class LockChecks {
    private LockChecks() {
    }

    static void check(ReposConfig lock) {
        String file = lock.source() != null ? lock.source().toString() : "the lock";
        AggregatePaths.check(lock);
        for (Aggregate agg : lock.aggregates()) {
            String where = file + (agg.line() > 0 ? ":" + agg.line() : "") + ", aggregate " + agg.path();
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
