package dev.odooimage.repos;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.odooimage.util.OdooImageException;

/**
 * The {@code odoo:lock} operation on files: read repos.yaml and the current lock (if any),
 * lock, then replace the lock atomically. Any error leaves the previous lock untouched;
 * repos.yaml is only ever read.
 */
public final class LockRepos {

    private final Locker locker;

    public LockRepos(RefLister lister, int threads) {
        this.locker = new Locker(lister, threads);
    }

    public LockResult run(Path reposFile, Path lockFile, Refresh refresh) {
        if (!Files.isRegularFile(reposFile)) {
            throw new OdooImageException(reposFile + ": not found. Create repos.yaml (git-aggregator format) "
                    + "with your aggregates, or set odoo.repos.file.");
        }
        ReposConfig repos = ReposFile.read(reposFile);
        AggregatePaths.check(repos);
        if (repos.aggregates().isEmpty()) {
            throw new OdooImageException(reposFile + ": no aggregates. Add at least one, e.g. './odoo:' with "
                    + "remotes and merges.");
        }
        ReposConfig previous = null;
        if (Files.isRegularFile(lockFile)) {
            String text;
            try {
                text = Files.readString(lockFile);
            } catch (java.io.IOException e) {
                throw new OdooImageException(lockFile + ": cannot read: " + e.getMessage(), e);
            }
            if (!refresh.all()) {
                // Conservative locking keeps the lock's SHAs: not those of a hand-edited lock.
                LockDigest.problem(text, lockFile.getFileName().toString()).ifPresent(p -> {
                    throw new OdooImageException(p.substring(2) + ".");
                });
            }
            try {
                previous = ReposFile.read(lockFile);
            } catch (OdooImageException e) {
                throw new OdooImageException(e.getMessage() + "\nThe lock cannot be read; if it was edited by hand, "
                        + "restore it from git or delete it and run mvn odoo:lock again (every ref will be "
                        + "resolved anew).", e);
            }
        }
        LockResult result = locker.lock(repos, previous, refresh);
        LockWriter.write(result.lock(), lockFile);
        return new LockResult(new ReposConfig(lockFile, result.lock().aggregates()), result.changes());
    }
}
