package dev.odooimage.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

/** The reader on crafted docker-save archives (tar://): merged view, links, whiteouts, cache. */
class BaseImageFilesTest {
    @TempDir
    Path work;

    private BaseImageFiles read(TestImage image) throws Exception {
        String ref = image.writeDockerArchive(work.resolve("image-" + System.nanoTime() + ".tar"));
        return new BaseImageReader(work.resolve("cache")).read(ref, "test");
    }

    @Test
    void mergedUsrLinksAreFollowedInsideTheImage() throws Exception {
        BaseImageFiles files = read(new TestImage("amd64").layer(l -> {
            TestImage.debianRoot(l, "bookworm", "12", "2.36-9+deb12u10", "");
            TestImage.python(l, "/usr", "3.11", "x86_64");
        }));

        assertTrue(files.isSymlink("/bin"));
        assertEquals(Optional.of("usr/bin"), files.linkTarget("/bin"));
        assertEquals(Optional.of("/usr/bin/python3.11"), files.realPath("/bin/python3"));
        assertTrue(files.lookup("/bin/python3").orElseThrow().isFile());
        assertTrue(files.entry("/bin/python3").orElseThrow().isSymlink(), "lstat semantics for the last component");
        assertEquals(0755, files.lookup("/usr/bin/python3.11").orElseThrow().mode());
        assertTrue(files.list("/bin").containsAll(List.of("python3", "python3.11")), files.list("/bin").toString());
        // an absolute link is relative to the image's root, never the build host's /usr/lib/os-release
        assertTrue(files.readString("/etc/os-release").orElseThrow().contains("VERSION_CODENAME=bookworm"));
        assertTrue(files.readString("/var/lib/dpkg/status").orElseThrow().contains("Package: libc6"));
        assertEquals(Optional.empty(), files.read("/etc/missing"));
        OdooImageException notKept = assertThrows(OdooImageException.class, () -> files.read("/bin/python3"));
        assertTrue(notKept.getMessage().contains("/usr/bin/python3.11"), notKept.getMessage());
        assertEquals("amd64", files.config().architecture());
        assertEquals("x86_64", files.config().machine());
        assertEquals(Optional.of("2.36"), Optional.ofNullable(files.libcBanners()
                .get("/usr/lib/x86_64-linux-gnu/libc.so.6")));
    }

    @Test
    void whiteoutsOfUpperLayersHideLowerFiles() throws Exception {
        BaseImageFiles files = read(new TestImage("amd64")
                .layer(l -> l.file("/etc/foo", "old").file("/etc/keep", "kept").file("/opt/a/x", "x").file("/opt/a/y", "y")
                        .file("/opt/gone/deep/file", "d").file("/etc/hostname", "lower"))
                .layer(l -> l.whiteout("/etc/foo").opaque("/opt/a").file("/opt/a/z", "z").whiteout("/opt/gone")
                        .file("/etc/hostname", "upper").hardlink("/etc/hostname.link", "/etc/hostname")));

        assertFalse(files.exists("/etc/foo"));
        assertEquals(Optional.of("kept"), files.readString("/etc/keep"));
        assertEquals(List.of("z"), files.list("/opt/a"), "the opaque whiteout hides x and y, keeps this layer's z");
        assertFalse(files.exists("/opt/gone"));
        assertFalse(files.exists("/opt/gone/deep/file"));
        assertEquals(Optional.of("upper"), files.readString("/etc/hostname"), "the upper layer's file wins");
        assertEquals(Optional.of("upper"), files.readString("/etc/hostname.link"), "hard links read their target");
        assertTrue(files.entries().stream().noneMatch(e -> e.name().startsWith(".wh.")), "whiteouts are not files");
    }

    @Test
    void aSecondReadComesFromTheCacheKeyedByDigest() throws Exception {
        Path tar = work.resolve("image.tar");
        String ref = new TestImage("arm64").layer(l -> l.file("/etc/passwd", "root:x:0:0::/root:/bin/sh\n"))
                .writeDockerArchive(tar);
        BaseImageReader reader = new BaseImageReader(work.resolve("cache"));
        BaseImageFiles first = reader.read(ref, "test");
        Path entry = work.resolve("cache").resolve(first.digest().replace(':', '-'));
        assertTrue(Files.isRegularFile(entry.resolve("COMPLETE")), "cached under the digest: " + entry);
        assertTrue(Files.isRegularFile(entry.resolve("files/etc/passwd")));
        try (var s = Files.list(work.resolve("cache"))) {
            assertEquals(List.of(entry, work.resolve("cache/tarballs")), s.sorted().toList(),
                    "the entry and the tarball notes, no staging directory left behind");
        }

        // The cached copy is what a second read returns: prove it by changing the cache
        Files.writeString(entry.resolve("files/etc/passwd"), "from-cache\n");
        BaseImageFiles second = new BaseImageReader(work.resolve("cache")).setOffline(true).read(ref, "test");
        assertEquals(first.digest(), second.digest());
        assertEquals(Optional.of("from-cache\n"), second.readString("/etc/passwd"));
        assertEquals("aarch64", second.config().machine());
    }

    @Test
    void anUnchangedTarballIsNotReadAgainAChangedOneIs() throws Exception {
        Path tar = work.resolve("base.tar");
        String ref = new TestImage("amd64").layer(l -> l.file("/etc/issue", "first\n")).writeDockerArchive(tar);
        BaseImageFiles first = new BaseImageReader(work.resolve("cache")).read(ref, "test");
        assertSame(first, new BaseImageReader(work.resolve("cache")).read(ref, "test"),
                "the entry loaded once in this JVM is reused");

        // Same file, same size, same time, other bytes: the recorded digest is trusted, the
        // archive is not opened (garbage would fail to parse).
        long size = Files.size(tar);
        FileTime time = Files.getLastModifiedTime(tar);
        Files.write(tar, new byte[(int) size]);
        Files.setLastModifiedTime(tar, time);
        assertEquals(first.digest(), new BaseImageReader(work.resolve("cache")).read(ref, "test").digest());

        // The file's time moved: it is read again (and here found not to be an archive).
        Files.setLastModifiedTime(tar, FileTime.fromMillis(time.toMillis() + 2000));
        OdooImageException garbage = assertThrows(OdooImageException.class,
                () -> new BaseImageReader(work.resolve("cache")).read(ref, "test"));
        assertTrue(garbage.getMessage().contains(tar.toString()), garbage.getMessage());

        // Another image written at the same path: read, another digest, its files.
        new TestImage("amd64").layer(l -> l.file("/etc/issue", "second, longer\n")).writeDockerArchive(tar);
        BaseImageFiles second = new BaseImageReader(work.resolve("cache")).read(ref, "test");
        assertNotEquals(first.digest(), second.digest());
        assertEquals(Optional.of("second, longer\n"), second.readString("/etc/issue"));
    }

    @Test
    void aCacheEntryReplacedOnDiskIsLoadedAgain() throws Exception {
        String ref = new TestImage("amd64").layer(l -> l.file("/etc/issue", "Debian\n").file("/etc/motd", "hi\n"))
                .writeDockerArchive(work.resolve("image.tar"));
        BaseImageFiles first = new BaseImageReader(work.resolve("cache")).read(ref, "test");
        Path index = work.resolve("cache").resolve(first.digest().replace(':', '-')).resolve("index.tsv");
        List<String> lines = Files.readAllLines(index);
        Path edited = index.resolveSibling("index.tsv.new");
        Files.write(edited, lines.stream().filter(l -> !l.contains("/etc/motd")).toList());
        Files.move(edited, index, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        BaseImageFiles again = new BaseImageReader(work.resolve("cache")).read(ref, "test");

        assertNotSame(first, again);
        assertSame(BaseFacts.of(first), BaseFacts.of(first), "facts derived once per loaded entry");
        assertNotSame(BaseFacts.of(first), BaseFacts.of(again), "a reloaded entry has its facts derived again");
        assertTrue(first.exists("/etc/motd"));
        assertFalse(again.exists("/etc/motd"), "the index as it is now on disk");
    }

    @Test
    void aHalfWrittenCacheEntryIsNotTrusted() throws Exception {
        String ref = new TestImage("amd64").layer(l -> l.file("/etc/issue", "Debian\n"))
                .writeDockerArchive(work.resolve("image.tar"));
        BaseImageFiles first = new BaseImageReader(work.resolve("cache")).read(ref, "test");
        Path entry = work.resolve("cache").resolve(first.digest().replace(':', '-'));
        Files.delete(entry.resolve("COMPLETE"));
        Files.delete(entry.resolve("files/etc/issue"));

        BaseImageFiles again = new BaseImageReader(work.resolve("cache")).read(ref, "test");

        assertEquals(Optional.of("Debian\n"), again.readString("/etc/issue"));
        assertTrue(Files.isRegularFile(entry.resolve("COMPLETE")));
    }

    @Test
    void namesWithTabsAndNewlinesSurviveTheIndex() throws Exception {
        BaseImageFiles files = read(new TestImage("amd64").layer(l -> l.file("/etc/we\tird\nname", "x")
                .symlink("/etc/link\tx", "we\tird\nname")));
        assertEquals(Optional.of("x"), files.readString("/etc/link\tx"));
        assertArrayEquals("x".getBytes(), files.read("/etc/we\tird\nname").orElseThrow());
    }

    @Test
    void aDaemonReferenceIsRefusedWithTheWaysThatWork() {
        OdooImageException e = assertThrows(OdooImageException.class,
                () -> new BaseImageReader(work).read("docker://python:3.12", "pom.xml property odoo.base.image"));
        assertTrue(e.getMessage().contains("pom.xml property odoo.base.image") && e.getMessage().contains("tar://"),
                e.getMessage());
    }
}
