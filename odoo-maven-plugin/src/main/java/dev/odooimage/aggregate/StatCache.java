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
 * <p>Machine-local, next to the sources (never in src.json): inode numbers mean nothing elsewhere.
 */
final class StatCache {
    private static final int MAGIC = 0x6f647332; // "ods2"

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
    private final long racyFromNanos;
    private int reRead;

    private StatCache(Map<String, Entry> entries, long racyFromNanos) {
        this.entries = entries;
        this.racyFromNanos = racyFromNanos;
    }

    static StatCache empty() {
        return new StatCache(new HashMap<>(), Long.MIN_VALUE);
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
        if (e == null || !e.stat().equals(now)) {
            return null;
        }
        if (now.mtimeNanos() >= racyFromNanos || now.ctimeNanos() >= racyFromNanos) {
            return null;
        }
        return e.sha256();
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

    /** Reads a cache; a missing, truncated or foreign file is an empty cache (everything is re-read). */
    static StatCache read(Path file) {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                return empty();
            }
            int n = in.readInt();
            Map<String, Entry> m = new HashMap<>(Math.max(16, n * 2));
            for (int i = 0; i < n; i++) {
                String rel = in.readUTF();
                Stat s = new Stat(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt());
                byte[] sha = new byte[32];
                in.readFully(sha);
                String origin = in.readBoolean() ? in.readUTF() : null;
                m.put(rel, new Entry(s, sha, origin));
            }
            // The racy threshold is the cache file's own mtime: same clock, same granularity.
            return new StatCache(m, nanos(Files.getLastModifiedTime(file)));
        } catch (IOException | RuntimeException e) {
            return empty();
        }
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
            d.writeLong(s.size());
            d.writeLong(s.mtimeNanos());
            d.writeLong(s.ctimeNanos());
            d.writeLong(s.inode());
            d.writeInt(s.mode());
            d.write(e.getValue().sha256());
            d.writeBoolean(e.getValue().origin() != null);
            if (e.getValue().origin() != null) {
                d.writeUTF(e.getValue().origin());
            }
        }
        d.flush();
        AtomicFiles.write(file, bytes.toByteArray());
    }
}
