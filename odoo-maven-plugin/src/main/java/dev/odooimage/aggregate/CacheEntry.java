package dev.odooimage.aggregate;

import dev.odooimage.util.UrlMask;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

import dev.odooimage.repos.GitAccess;
import dev.odooimage.util.AtomicFiles;

/**
 * One bare repository of the shared cache, named after the first remote URL of the
 * aggregates that use it; the other remotes of such an aggregate (forks) are fetched into
 * it as well, so history they share is stored and transferred once. Every
 * method must be called while holding {@link #lock()}. Nothing in an entry is trusted
 * blindly: a missing "ok" marker (a fetch that did not finish) triggers a check of the
 * entry, and a wanted commit counts as present only when it and its whole tree resolve.
 */
final class CacheEntry {
    static final String REF_PREFIX = "refs/odoo/";
    private static final String MARKER = "odoo-cache.ok";

    private final Path dir;
    private final String url;
    private final GitAccess access;
    private final AggregateLog log;
    private Repository repo;

    CacheEntry(Path dir, String url, GitAccess access, AggregateLog log) {
        this.dir = dir;
        this.url = url;
        this.access = access;
        this.log = log;
    }

    GitAccess access() {
        return access;
    }

    Path dir() {
        return dir;
    }

    String url() {
        return url;
    }

    String maskedUrl() {
        return UrlMask.mask(url);
    }

    CacheLock lock() throws IOException {
        return CacheLock.acquire(dir.resolveSibling(dir.getFileName() + ".lock"));
    }

    /** Opens the entry, creating it or rebuilding it when it cannot be trusted. */
    Repository open() throws IOException {
        if (repo != null) {
            return repo;
        }
        boolean exists = Files.isDirectory(dir.resolve("objects"));
        List<String> damaged = exists ? damagedPacks(dir.resolve("objects").resolve("pack")) : List.of();
        if (!damaged.isEmpty()) {
            // Checked before JGit opens them: it would log a stack trace per read, and a fetch
            // negotiated from a damaged pack fails in ways that look like the server's fault.
            log.warn("cache entry " + dir + " for " + maskedUrl() + " has a damaged pack (" + String.join(", ", damaged)
                    + ": truncated or overwritten); rebuilding it, its commits are fetched again");
            AtomicFiles.deleteRecursively(dir);
            exists = false;
        } else if (exists && !Files.exists(dir.resolve(MARKER)) && !recover()) {
            log.warn("cache entry " + dir + " for " + maskedUrl() + " is incomplete or corrupted; rebuilding it");
            AtomicFiles.deleteRecursively(dir);
            exists = false;
        }
        if (!exists) {
            AtomicFiles.deleteRecursively(dir);
            Files.createDirectories(dir.getParent());
            try {
                Git.init().setBare(true).setGitDir(dir.toFile()).setDirectory(dir.toFile()).call().close();
            } catch (GitAPIException e) {
                throw new IOException("cannot create cache entry " + dir + ": " + e.getMessage(), e);
            }
            // For humans looking at the cache; never the credentials.
            Files.writeString(dir.resolve("odoo-remote-url"), maskedUrl() + "\n");
            markOk();
        }
        repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
        return repo;
    }

    /**
     * An interrupted fetch leaves no marker. Temp packs are dropped and every cached commit
     * must still parse; only then is the entry trusted again.
     */
    private boolean recover() {
        try {
            deleteTempFiles(dir.resolve("objects"));
            deleteTempFiles(dir.resolve("objects").resolve("pack"));
            try (Repository r = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
                    RevWalk walk = new RevWalk(r)) {
                for (Ref ref : r.getRefDatabase().getRefsByPrefix(REF_PREFIX)) {
                    RevCommit c = walk.parseCommit(ref.getObjectId());
                    walk.parseTree(c.getTree());
                }
            }
            markOk();
            log.info("cache entry " + dir + " was left by an interrupted fetch; checked and kept");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Packs whose trailing checksum is not the one their index records (git's idx v1 and v2
     * both end with the pack's SHA-1, then their own): a truncated or overwritten pack. Reads
     * 20 bytes of each file, not the packs.
     */
    static List<String> damagedPacks(Path packDir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(packDir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(packDir, "*.idx")) {
            for (Path idx : ds) {
                String base = idx.getFileName().toString().replaceFirst("\\.idx$", "");
                Path pack = packDir.resolve(base + ".pack");
                if (!Files.isRegularFile(pack)) {
                    continue; // an index without a pack is ignored by git and JGit alike
                }
                byte[] want = tail(idx, 40, 20);
                byte[] have = tail(pack, 20, 20);
                if (want == null || have == null || !java.util.Arrays.equals(want, have)) {
                    out.add(pack.getFileName().toString());
                }
            }
        }
        return out;
    }

    /** {@code length} bytes starting {@code fromEnd} bytes before the end of {@code file}, or null if shorter. */
    private static byte[] tail(Path file, int fromEnd, int length) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            if (size < fromEnd) {
                return null;
            }
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(length);
            while (buf.hasRemaining() && ch.read(buf, size - fromEnd + buf.position()) > 0) {
                // read until full
            }
            return buf.hasRemaining() ? null : buf.array();
        }
    }

    private static void deleteTempFiles(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (Files.isRegularFile(p) && (n.startsWith("incoming_") || n.endsWith(".tmp") || n.startsWith("tmp_"))) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * True when {@code commit} and every object of its tree are in the entry (fsck-lite:
     * enough to export it; a blob cut off by an interrupted write fails here).
     */
    boolean hasComplete(ObjectId commit) throws IOException {
        Repository r = open();
        try (ObjectReader reader = r.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            if (!reader.has(commit)) {
                return false;
            }
            RevCommit c = walk.parseCommit(commit);
            try (TreeWalk tw = new TreeWalk(reader)) {
                tw.addTree(c.getTree());
                tw.setRecursive(true);
                while (tw.next()) {
                    if (tw.getFileMode(0) != FileMode.GITLINK && !reader.has(tw.getObjectId(0))) {
                        return false;
                    }
                }
            }
            return true;
        } catch (MissingObjectException e) {
            return false;
        }
    }

    /**
     * The check of a cache hit: {@code commit} and its root tree are in the entry. The rest
     * of the tree is checked by reading it: the export reads every object anyway, and a
     * missing or corrupt one there is {@link CacheDamage}, after which the entry is
     * {@link #discard discarded} and fetched again. Walking the whole tree here as well
     * ({@link #hasComplete}) would read every tree object twice on every cache hit.
     */
    boolean hasCommit(ObjectId commit) throws IOException {
        Repository r = open();
        try (ObjectReader reader = r.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            return reader.has(commit) && reader.has(walk.parseCommit(commit).getTree());
        } catch (MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException
                | org.eclipse.jgit.errors.CorruptObjectException e) {
            return false;
        }
    }

    /**
     * Deletes the whole entry after {@code damage} was met while reading it (a missing or
     * corrupt object, {@link CacheDamage}): one warning, and the next {@link #open()} starts
     * an empty entry, so its commits are fetched again rather than trusted.
     */
    void discard(Throwable damage) throws IOException {
        log.warn("cache entry " + dir + " for " + maskedUrl() + " is damaged (" + UrlMask.maskText(String.valueOf(
                damage.getMessage())) + "); rebuilding it, its commits are fetched again");
        close();
        AtomicFiles.deleteRecursively(dir);
    }

    /** Commits whose parents this entry does not hold (its {@code shallow} file). */
    Set<ObjectId> shallowCommits() throws IOException {
        return open().getObjectDatabase().getShallowCommits();
    }

    /**
     * Fetches {@code specs} from {@code fromUrl} (this entry's own URL, or another remote of
     * the same aggregate such as a fork: its commits land here too, and the history they
     * share with what the entry holds is negotiated away, not transferred again).
     * {@code depth} null means full history for the wanted refs (unshallowing what is
     * already there when {@code unshallow}).
     */
    FetchStats fetch(String fromUrl, List<RefSpec> specs, Integer depth, boolean unshallow, ProgressMonitor monitor)
            throws IOException, GitAPIException {
        Repository r = open();
        long before = packBytes();
        Files.deleteIfExists(dir.resolve(MARKER));
        FetchCommand fetch = access.configure(Git.wrap(r).fetch(), fromUrl).setRemote(fromUrl).setRefSpecs(specs)
                .setProgressMonitor(monitor).setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS)
                .setRemoveDeletedRefs(false);
        if (depth != null) {
            fetch.setDepth(depth);
        } else if (unshallow && !shallowCommits().isEmpty()) {
            fetch.setUnshallow(true);
        }
        fetch.call();
        markOk();
        return new FetchStats(1, Math.max(0, packBytes() - before));
    }

    /** Keeps a fetched commit reachable in the entry (and lets recovery check it). */
    void pin(ObjectId commit) throws IOException {
        Ref have = open().exactRef(REF_PREFIX + commit.name());
        if (have != null && commit.equals(have.getObjectId())) {
            return; // a cache hit writes nothing into the shared cache
        }
        RefUpdate u = open().updateRef(REF_PREFIX + commit.name());
        u.setNewObjectId(commit);
        u.setForceUpdate(true);
        u.disableRefLog();
        u.update();
    }

    private void markOk() throws IOException {
        Files.writeString(dir.resolve(MARKER), "ok\n");
    }

    private long packBytes() throws IOException {
        Path packs = dir.resolve("objects").resolve("pack");
        if (!Files.isDirectory(packs)) {
            return 0;
        }
        long sum = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(packs, "*.pack")) {
            for (Path p : ds) {
                sum += Files.size(p);
            }
        }
        return sum;
    }

    void close() {
        if (repo != null) {
            repo.close();
            repo = null;
        }
    }
}
