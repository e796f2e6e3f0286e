package dev.odooimage.aggregate;

import java.io.BufferedInputStream;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.odooimage.util.AtomicFiles;

/**
 * What git's index does for a work tree: the sha256 of every file of an aggregate, keyed by
 * the file's stat data (size, mtime, ctime, inode, mode). A later build re-reads only the
 * files whose stat changed; any write, chmod, replacement or touch changes the ctime, which
 * no tool can set back. Entries as new as the cache file itself are "racily clean" (changed
 * within the clock tick in which they were recorded) and are re-read, as git does.
 *
 * <p>A cache filled by a whole walk ({@link TreeDigest}) also holds the stat of every directory and
 * symlink; once the tree's digest was verified with it, it records that digest
 * ({@link #verified(String)}). A later build then only re-stats the recorded paths
 * ({@link #unchangedSince}): a directory's mtime and ctime change whenever an entry is added,
 * removed or replaced in it (a symlink cannot be changed in place), a file's whenever its content
 * or mode changes, so equal non-racy stat data for every recorded path means the same tree.
 *
 * <p>Machine-local, next to the sources (never in src.json): inode numbers mean nothing elsewhere.
 */
final class StatCache {
    private static final int MAGIC = 0x6f647333; // "ods3"
    private static final int MAGIC_FILES_ONLY = 0x6f647332; // "ods2": files only, no verified digest

    /** One lstat, with the fields that change whenever a file's content or mode does. */
    record Stat(long size, long mtimeNanos, long ctimeNanos, long inode, int mode) {
        static final int TYPE_MASK = 0170000;
        static final int TYPE_FILE = 0100000;
        static final int TYPE_DIR = 0040000;
        static final int TYPE_LINK = 0120000;

        boolean isFile() {
            return (mode & TYPE_MASK) == TYPE_FILE;
        }

        boolean isDirectory() {
            return (mode & TYPE_MASK) == TYPE_DIR;
        }

        boolean isSymlink() {
            return (mode & TYPE_MASK) == TYPE_LINK;
        }

        boolean executable() {
            return (mode & 0100) != 0;
        }
    }

    /**
     * {@code origin} says what the file was exported from (blob id, exec bit, end-of-line
     * conversion; null when only read from disk), so that a rebuild can reuse it.
     */
    private record Entry(Stat stat, byte[] sha256, String origin) {
    }

    private final Map<String, Entry> entries;
    /** Directories (the root as "") and symlinks: their stat alone. */
    private final Map<String, Stat> others;
    private final long racyFromNanos;
    private String verifiedDigest;
    /** The file system's clock when the walk that filled this cache began (racy from there), or MIN_VALUE. */
    private long walkStartNanos = Long.MIN_VALUE;
    private int reRead;
    private int othersChanged;

    private StatCache(Map<String, Entry> entries, Map<String, Stat> others, String verifiedDigest,
            long racyFromNanos) {
        this.entries = entries;
        this.others = others;
        this.verifiedDigest = verifiedDigest;
        this.racyFromNanos = racyFromNanos;
    }

    static StatCache empty() {
        return new StatCache(new HashMap<>(), new HashMap<>(), null, Long.MIN_VALUE);
    }

    /** True when this JVM can read the unix stat fields (Linux, macOS); else callers hash everything. */
    static boolean supported(Path anyPath) {
        try {
            stat(anyPath);
            return true;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return false;
        }
    }

    static Stat stat(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:size,lastModifiedTime,ctime,ino,mode",
                LinkOption.NOFOLLOW_LINKS);
        return new Stat((Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")),
                nanos((FileTime) a.get("ctime")), (Long) a.get("ino"), (Integer) a.get("mode"));
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    /** The recorded hash of {@code rel} when its stat is unchanged and not racy; else null. */
    byte[] hash(String rel, Stat now) {
        Entry e = entries.get(rel);
        if (e == null || !e.stat().equals(now) || racy(now)) {
            return null;
        }
        return e.sha256();
    }

    private boolean racy(Stat s) {
        return s.mtimeNanos() >= racyFromNanos || s.ctimeNanos() >= racyFromNanos;
    }

    /**
     * Records a directory ({@code ""}: the root) or symlink seen by a walk; one that {@code known}
     * does not have with this stat, or has racily, counts in {@link #othersChanged()}.
     */
    void putOther(String rel, Stat stat, StatCache known) {
        others.put(rel, stat);
        if (known == null || !stat.equals(known.others.get(rel)) || known.racy(stat)) {
            othersChanged++;
        }
    }

    /** Directories and symlinks {@link #putOther put} that the known cache did not have so (or racily). */
    int othersChanged() {
        return othersChanged;
    }

    /**
     * Notes that this cache, filled by a whole walk that began at {@code walkStartNanos} (the file
     * system's clock, {@link #fileSystemClock}), gave {@code digest}. Paths changed since that
     * instant, even within its clock tick, are racy for the next build: a change made while the
     * walk ran is never taken for the state the walk recorded.
     */
    void verified(String digest, long walkStartNanos) {
        this.verifiedDigest = digest;
        this.walkStartNanos = walkStartNanos;
    }

    /** The file system's current time in {@code dir} (the mtime of a file made there), in ns. */
    static long fileSystemClock(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path probe = Files.createTempFile(dir, ".clock-", "");
        try {
            return nanos(Files.getLastModifiedTime(probe, LinkOption.NOFOLLOW_LINKS));
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** The digest recorded by {@link #verified}, or null. */
    String verifiedDigest() {
        return verifiedDigest;
    }

    /**
     * True when this cache was verified to give {@code digest} and every recorded path under
     * {@code root} still has its recorded, non-racy stat: then the tree still has {@code digest}
     * (see the class comment). False whenever in doubt; the caller then walks the tree.
     */
    boolean unchangedSince(Path root, String digest) {
        if (verifiedDigest == null || !verifiedDigest.equals(digest) || !others.containsKey("")) {
            return false;
        }
        try {
            for (Map.Entry<String, Stat> o : others.entrySet()) {
                Stat now = stat(o.getKey().isEmpty() ? root : root.resolve(o.getKey()));
                if (!now.equals(o.getValue()) || racy(now)) {
                    return false;
                }
            }
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                Stat now = stat(root.resolve(e.getKey()));
                if (!now.equals(e.getValue().stat()) || racy(now)) {
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return true;
    }

    void put(String rel, Stat stat, byte[] sha256) {
        put(rel, stat, sha256, null);
    }

    void put(String rel, Stat stat, byte[] sha256, String origin) {
        entries.put(rel, new Entry(stat, sha256.clone(), origin));
    }

    /** What {@code rel} was exported from, when recorded (see {@link Entry}). */
    String origin(String rel) {
        Entry e = entries.get(rel);
        return e == null ? null : e.origin();
    }

    /** Notes that a file had to be read again (new, changed or racy): the cache is worth saving. */
    void markReRead() {
        reRead++;
    }

    /** Files read again while this cache was filled. */
    int reRead() {
        return reRead;
    }

    int size() {
        return entries.size();
    }

    /** Directories and symlinks recorded. */
    int others() {
        return others.size();
    }

    /** Reads a cache; a missing, truncated or foreign file is an empty cache (everything is re-read). */
    static StatCache read(Path file) {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int magic = in.readInt();
            if (magic != MAGIC && magic != MAGIC_FILES_ONLY) {
                return empty();
            }
            int n = in.readInt();
            Map<String, Entry> m = new HashMap<>(Math.max(16, n * 2));
            for (int i = 0; i < n; i++) {
                String rel = in.readUTF();
                Stat s = readStat(in);
                byte[] sha = new byte[32];
                in.readFully(sha);
                String origin = in.readBoolean() ? in.readUTF() : null;
                m.put(rel, new Entry(s, sha, origin));
            }
            Map<String, Stat> others = new HashMap<>();
            String verified = null;
            long walkStart = Long.MIN_VALUE;
            if (magic == MAGIC) {
                int k = in.readInt();
                for (int i = 0; i < k; i++) {
                    others.put(in.readUTF(), readStat(in));
                }
                verified = in.readBoolean() ? in.readUTF() : null;
                walkStart = in.readLong();
            }
            // The racy threshold is the cache file's own mtime (same clock, same granularity), or
            // the start of the walk that verified it when earlier.
            long racyFrom = nanos(Files.getLastModifiedTime(file));
            StatCache c = new StatCache(m, others, verified, walkStart == Long.MIN_VALUE ? racyFrom
                    : Math.min(racyFrom, walkStart));
            c.walkStartNanos = walkStart;
            return c;
        } catch (IOException | RuntimeException e) {
            return empty();
        }
    }

    private static Stat readStat(DataInputStream in) throws IOException {
        return new Stat(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt());
    }

    private static void writeStat(DataOutputStream d, Stat s) throws IOException {
        d.writeLong(s.size());
        d.writeLong(s.mtimeNanos());
        d.writeLong(s.ctimeNanos());
        d.writeLong(s.inode());
        d.writeInt(s.mode());
    }

    /** Writes the cache atomically (temp file + move). */
    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(64 + entries.size() * 120);
        DataOutputStream d = new DataOutputStream(new BufferedOutputStream(bytes));
        d.writeInt(MAGIC);
        d.writeInt(entries.size());
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Stat s = e.getValue().stat();
            d.writeUTF(e.getKey());
            writeStat(d, s);
            d.write(e.getValue().sha256());
            d.writeBoolean(e.getValue().origin() != null);
            if (e.getValue().origin() != null) {
                d.writeUTF(e.getValue().origin());
            }
        }
        d.writeInt(others.size());
        for (Map.Entry<String, Stat> o : others.entrySet()) {
            d.writeUTF(o.getKey());
            writeStat(d, o.getValue());
        }
        d.writeBoolean(verifiedDigest != null);
        if (verifiedDigest != null) {
            d.writeUTF(verifiedDigest);
        }
        d.writeLong(walkStartNanos);
        d.flush();
        AtomicFiles.write(file, bytes.toByteArray());
    }
}
