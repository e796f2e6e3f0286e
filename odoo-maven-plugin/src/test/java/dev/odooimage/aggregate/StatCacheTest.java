package dev.odooimage.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.Digests;

class StatCacheTest {
    @TempDir
    Path tmp;

    private static final byte[] HASH = Digests.sha256().digest("content".getBytes());

    /** A cache holding {@code file}, written to disk with its mtime one second after the file's. */
    private StatCache cacheOf(Path file, Path cacheFile) throws Exception {
        StatCache c = StatCache.empty();
        c.put("a.py", StatCache.stat(file), HASH);
        c.write(cacheFile);
        FileTime fileTime = Files.getLastModifiedTime(file);
        Files.setLastModifiedTime(cacheFile, FileTime.from(fileTime.to(TimeUnit.NANOSECONDS) + 1_000_000_000L, TimeUnit.NANOSECONDS));
        return StatCache.read(cacheFile);
    }

    @Test
    void unchangedFileIsTrustedAfterARoundTripThroughTheFile() throws Exception {
        Path f = Files.writeString(tmp.resolve("a.py"), "content");
        StatCache read = cacheOf(f, tmp.resolve("cache"));
        assertEquals(1, read.size());
        assertArrayEquals(HASH, read.hash("a.py", StatCache.stat(f)));
        assertNull(read.hash("other.py", StatCache.stat(f)));
    }

    @Test
    void sameSizeEditWithItsMtimeSetBackIsStillSeenThroughTheCtime() throws Exception {
        Path f = Files.writeString(tmp.resolve("a.py"), "content");
        FileTime before = Files.getLastModifiedTime(f);
        StatCache read = cacheOf(f, tmp.resolve("cache"));
        Thread.sleep(20); // let the kernel clock tick, so the ctime moves
        Files.writeString(f, "CONTENT");
        Files.setLastModifiedTime(f, before);
        StatCache.Stat now = StatCache.stat(f);
        assertEquals(7, now.size());
        assertEquals(before.to(TimeUnit.NANOSECONDS), now.mtimeNanos());
        assertNull(read.hash("a.py", now), "an edit hidden behind the old mtime must be re-read");
    }

    @Test
    void chmodAndReplacementAreSeen() throws Exception {
        Path f = Files.writeString(tmp.resolve("a.py"), "content");
        StatCache read = cacheOf(f, tmp.resolve("cache"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertNull(read.hash("a.py", StatCache.stat(f)));
        assertTrue(StatCache.stat(f).executable());

        Path g = Files.writeString(tmp.resolve("b.py"), "content");
        StatCache readG = cacheOf(g, tmp.resolve("cache2"));
        Path other = Files.writeString(tmp.resolve("c.py"), "content");
        Files.move(other, g, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertNull(readG.hash("a.py", StatCache.stat(g)), "another inode is another file");
    }

    @Test
    void entriesAsNewAsTheCacheFileAreRacyAndReRead() throws Exception {
        Path f = Files.writeString(tmp.resolve("a.py"), "content");
        Path cacheFile = tmp.resolve("cache");
        cacheOf(f, cacheFile);
        Files.setLastModifiedTime(cacheFile, Files.getLastModifiedTime(f));
        assertNull(StatCache.read(cacheFile).hash("a.py", StatCache.stat(f)));
    }

    @Test
    void missingOrDamagedCacheIsEmpty() throws Exception {
        assertEquals(0, StatCache.read(tmp.resolve("none")).size());
        Path f = Files.writeString(tmp.resolve("a.py"), "content");
        Path cacheFile = tmp.resolve("cache");
        cacheOf(f, cacheFile);
        byte[] all = Files.readAllBytes(cacheFile);
        Files.write(cacheFile, java.util.Arrays.copyOf(all, all.length - 5));
        assertEquals(0, StatCache.read(cacheFile).size(), "a truncated cache must not be half-trusted");
        Files.writeString(cacheFile, "not a cache");
        assertEquals(0, StatCache.read(cacheFile).size());
        assertNotNull(StatCache.stat(f));
    }
}
