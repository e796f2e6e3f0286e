package dev.odooimage.repos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.odooimage.util.OdooImageException;

/**
 * repos.lock.yaml as every goal reads it: parsed by {@link ReposFile} (the same model as
 * repos.yaml) and checked to be a lock (paths of their own, every merge pinned to a commit of
 * a known remote) before anything is done with it. The goals that aggregate, build the addons
 * path, verify or import Enterprise all come here.
 */
public final class ReposLock {
    private ReposLock() {
    }

    /** The lock at {@code file}; a missing file or one that is not a lock is one clear error. */
    public static ReposConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new OdooImageException(file + " not found: run mvn odoo:lock to pin repos.yaml into "
                    + file.getFileName() + ", review it and commit it.");
        }
        ReposConfig lock = ReposFile.read(file);
        check(lock);
        return lock;
    }

    /** The lock at {@code file}, or empty when there is none (odoo:verify then skips its lock checks). */
    public static Optional<ReposConfig> readIfPresent(Path file) {
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }

    /** The aggregates' directories under src/, in lock order ({@code ./oca/web} -> {@code oca/web}). */
    public static List<String> relativePaths(ReposConfig lock) {
        return lock.aggregates().stream().map(Aggregate::relativePath).toList();
    }

    /** Fails, naming file, line and fix, unless {@code lock} can be aggregated as it is. */
    public static void check(ReposConfig lock) {
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
