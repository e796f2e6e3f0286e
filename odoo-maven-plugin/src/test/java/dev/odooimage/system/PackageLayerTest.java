package dev.odooimage.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

/** The package layer of the set, from the real bookworm archive, over the test base's dpkg status. */
class PackageLayerTest {
    private static SystemLock lock;
    /** A small set for the tests that build several times (the set is 400 MiB). */
    private static SystemLock small;
    private static SystemLayerBuilder.Layer layer;
    private static Map<String, TarArchiveEntry> entries;
    private static Map<String, String> texts;
    private static final Instant T = Instant.ofEpochSecond(1);
    @TempDir
    static Path dir;
    @TempDir
    Path other;

    @BeforeAll
    static void build() throws IOException {
        BaseSystem base = SystemArchiveFixture.base();
        SystemRequests req = SystemRequests.parse(dir.resolve("system-runtime-packages.txt"),
                "wkhtmltopdf fonts-dejavu-core postgresql-client-15 libldap-2.5-0\n");
        lock = new SystemLocker(SystemArchiveFixture.client(), s -> { }).lock(req, SystemArchiveFixture.bookworm(),
                base.installed(), dir.resolve(SystemLock.FILE_NAME));
        small = new SystemLocker(SystemArchiveFixture.client(), s -> { }).lock(SystemRequests.parse(
                dir.resolve("small.txt"), "fonts-dejavu-core libpq5\n"), SystemArchiveFixture.bookworm(),
                base.installed(), dir.resolve("small.lock"));
        layer = new SystemLayerBuilder(SystemArchiveFixture.client(), Optional.empty(), s -> { }, s -> { })
                .build(lock, base, dir.resolve("layer"), T).orElseThrow();
        entries = new LinkedHashMap<>();
        texts = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                Files.newInputStream(layer.tar())))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries.put(e.getName(), e);
                if (e.getName().startsWith("var/lib/dpkg/")) {
                    texts.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    @Test
    void filesLandUnderUsrAndLinksStayLinks() {
        assertTrue(entries.get("usr/bin/wkhtmltopdf").isFile());
        assertTrue(entries.get("usr/lib/postgresql/15/bin/pg_dump").isFile());
        assertEquals(0755, entries.get("usr/lib/postgresql/15/bin/pg_dump").getMode());
        TarArchiveEntry wrapper = entries.get("usr/bin/pg_dump");
        assertTrue(wrapper.isSymbolicLink(), "pg_dump is postgresql-common's wrapper link");
        assertEquals("../share/postgresql-common/pg_wrapper", wrapper.getLinkName());
        TarArchiveEntry soname = entries.get("usr/lib/x86_64-linux-gnu/libpq.so.5");
        assertTrue(soname.isSymbolicLink(), "the soname link of libpq stays a link");
        assertTrue(entries.get("usr/lib/x86_64-linux-gnu/" + soname.getLinkName()).isFile());
        List<String> underLinks = entries.keySet().stream().filter(n -> n.matches("(bin|sbin|lib|lib64)(/.*)?"))
                .toList();
        assertEquals(List.of(), underLinks, "nothing where the base has a merged-/usr link");
        assertTrue(entries.values().stream().allMatch(e -> e.getModTime().toInstant().equals(T)));
    }

    @Test
    void dpkgDatabaseHasTheBaseAndOurPackages() {
        String status = texts.get("var/lib/dpkg/status");
        assertTrue(status.startsWith(SystemArchiveFixture.baseStatus().substring(0, 200)));
        for (SystemLock.Entry e : lock.packages()) {
            assertTrue(status.contains("Package: " + e.name() + "\nStatus: install ok installed\n"), e.name());
        }
        InstalledPackages after = InstalledPackages.parse(status, "amd64");
        assertEquals(SystemArchiveFixture.base().installed().size() + lock.packages().size(), after.size());
        assertEquals(lock.packages().stream().filter(e -> e.name().equals("wkhtmltopdf")).findFirst().orElseThrow()
                .version(), after.get("wkhtmltopdf").orElseThrow().version().text());
        String list = texts.get("var/lib/dpkg/info/wkhtmltopdf.list");
        assertTrue(list.startsWith("/.\n") && list.contains("\n/usr/bin/wkhtmltopdf\n"), list);
        assertTrue(texts.keySet().stream().anyMatch(n -> n.matches("var/lib/dpkg/info/libpq5(:amd64)?\\.list")));
        assertTrue(texts.containsKey("var/lib/dpkg/info/wkhtmltopdf.md5sums"));
    }

    @Test
    void sameInputsSameBytesAndTheStampSkipsWork() throws IOException {
        SystemLayerBuilder.Layer first = build(small, other.resolve("a"), T, Optional.empty(), s -> { });
        SystemLayerBuilder.Layer again = build(small, other.resolve("b"), T, Optional.empty(), s -> { });
        assertEquals(first.diffId(), again.diffId());
        assertEquals(-1L, Files.mismatch(first.tar(), again.tar()));
        List<String> logs = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger treeAsked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Supplier<SystemLayerBuilder.BaseTree> noTree = () -> {
            treeAsked.incrementAndGet();
            return null;
        };
        // Up to date: neither the base's tree nor the archive keys (a verifier that cannot be made) are needed.
        ArchiveClient noKeys = new ArchiveClient(SystemArchiveFixture.cache(), () -> {
            throw new AssertionError("the archive keys are read only when the archive is asked");
        });
        new SystemLayerBuilder(noKeys, Optional.empty(), logs::add, s -> { })
                .build(small, SystemArchiveFixture.base(), other.resolve("b"), T, noTree).orElseThrow();
        assertTrue(logs.get(0).startsWith("Package layer up to date"), logs.toString());
        assertEquals(0, treeAsked.get(), "up to date: the base's tree is not built");
        new SystemLayerBuilder(SystemArchiveFixture.client(), Optional.empty(), s -> { }, s -> { })
                .build(small, SystemArchiveFixture.base(), other.resolve("d"), T, noTree).orElseThrow();
        assertEquals(1, treeAsked.get(), "written: the base's tree is asked for once");
        assertNotEquals(first.diffId(), build(small, other.resolve("c"), Instant.ofEpochSecond(2), Optional.empty(),
                s -> { }).diffId(), "the file time is an input");
    }

    private static SystemLayerBuilder.Layer build(SystemLock l, Path out, Instant t, Optional<URI> mirror,
            java.util.function.Consumer<String> log) {
        return new SystemLayerBuilder(SystemArchiveFixture.client(), mirror, log, s -> { })
                .build(l, SystemArchiveFixture.base(), out, t).orElseThrow();
    }

    @Test
    void warmCacheNeedsNoNetworkAndABadDownloadIsNotCached(@TempDir Path cacheDir) throws IOException {
        // Offline: a mirror that does not exist; every .deb comes from the warm cache.
        SystemLayerBuilder.Layer online = build(small, other.resolve("on"), T, Optional.empty(), s -> { });
        assertEquals(online.diffId(), build(small, other.resolve("off"), T,
                Optional.of(URI.create("http://127.0.0.1:9/debian/")), s -> { }).diffId());

        Sha256Cache cold = new Sha256Cache(cacheDir);
        SystemLock.Entry e = lock.packages().get(0);
        Path good = SystemArchiveFixture.cache().get(e.sha256(), ".deb").orElseThrow();
        byte[] bytes = Files.readAllBytes(good);
        bytes[bytes.length / 2] ^= 1;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            OdooImageException x = assertThrows(OdooImageException.class, () -> cold.put(e.sha256(), ".deb", in,
                    "http://mirror/" + e.poolPath().orElseThrow()));
            assertTrue(x.getMessage().contains("refused and not cached"), x.getMessage());
        }
        assertEquals(Optional.empty(), cold.get(e.sha256(), ".deb"));
        try (var files = Files.walk(cacheDir)) {
            assertFalse(files.anyMatch(Files::isRegularFile), "no partial file left");
        }
    }
}
