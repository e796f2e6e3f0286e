package dev.odooimage.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.credentials.Credential;
import dev.odooimage.util.OdooImageException;

/** The reader against a real registry on 127.0.0.1 (docker-registry + skopeo): pull, cache, offline. */
class BaseImageRegistryTest {
    @TempDir
    Path work;

    private static TestImage debianPython() {
        return new TestImage("amd64")
                .layer(l -> TestImage.debianRoot(l, "bookworm", "12", "2.36-9+deb12u10", ""))
                .layer(l -> {
                    TestImage.python(l, "/usr/local", "3.12", "x86_64");
                    l.whiteout("/etc/group").file("/etc/group", "root:x:0:\nodoo:x:1000:\n");
                });
    }

    @Test
    void readsThroughTheRegistryThenFromTheCacheAlsoOffline() throws Exception {
        String pinned;
        Path cache = work.resolve("cache");
        try (LocalRegistry registry = LocalRegistry.start(work)) {
            String digest = debianPython().writeOciLayout(work.resolve("layout"), "3.12-bookworm");
            registry.pushLayout(work.resolve("layout"), "test/python", "3.12-bookworm");
            pinned = registry.host() + "/test/python:3.12-bookworm@" + digest;

            BaseImageFiles files = new BaseImageReader(cache).read(pinned, "test");

            assertEquals(digest, files.digest());
            assertEquals(pinned, files.image());
            assertTrue(Files.isRegularFile(cache.resolve(digest.replace(':', '-')).resolve("COMPLETE")));
            BaseFacts facts = BaseFacts.of(files);
            assertEquals("/usr/local/bin/python3.12", facts.pythons().get(0).interpreter());
            assertEquals("2.36", facts.libc().version());
            assertEquals(Optional.of("root:x:0:\nodoo:x:1000:\n"), files.readString("/etc/group"));

            // A tag alone is resolved online, then served by the same cache entry.
            BaseImageFiles byTag = new BaseImageReader(cache)
                    .read(registry.host() + "/test/python:3.12-bookworm", "test");
            assertEquals(digest, byTag.digest());
        }
        // The registry is gone: the cache answers, online or offline (-o).
        BaseImageFiles again = new BaseImageReader(cache).read(pinned, "test");
        BaseImageFiles offline = new BaseImageReader(cache).setOffline(true).read(pinned, "test");
        assertEquals("3.12", BaseFacts.of(again).pythons().get(0).minorVersion());
        assertEquals(again.digest(), offline.digest());
    }

    @Test
    void aMultiPlatformIndexIsReadForTheChosenPlatform() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(work)) {
            String index = registry.pushIndex("test/multi", "1", "multi");
            String ref = registry.host() + "/test/multi:1@" + index;
            Path cache = work.resolve("cache");

            BaseImageFiles amd64 = new BaseImageReader(cache).read(ref, "test");
            BaseImageFiles arm64 = new BaseImageReader(cache).setPlatform("linux/arm64").read(ref, "test");

            assertEquals(Optional.of("multi amd64\n"), amd64.readString("/etc/base-image-id"));
            assertEquals(Optional.of("multi arm64\n"), arm64.readString("/etc/base-image-id"));
            assertEquals("arm64", arm64.config().architecture());
            assertTrue(!amd64.digest().equals(index), "the platform's manifest digest, not the index's");
            OdooImageException e = assertThrows(OdooImageException.class,
                    () -> new BaseImageReader(cache).setPlatform("linux/s390x").read(ref, "test"));
            assertTrue(e.getMessage().contains("linux/s390x") && e.getMessage().contains("linux/arm64"),
                    e.getMessage());
            // offline, the index entry is found by index digest + platform
            assertEquals(arm64.digest(), new BaseImageReader(cache).setPlatform("linux/arm64").setOffline(true)
                    .read(ref, "test").digest());
        }
    }

    @Test
    void factsOfAPinnedImageAreStoredAndServedOfflineWithoutTheIndexPerPlatform() throws Exception {
        Path cache = work.resolve("cache");
        String ref;
        String pinned;
        BaseFacts amd64;
        BaseFacts arm64;
        BaseFacts python;
        try (LocalRegistry registry = LocalRegistry.start(work)) {
            String index = registry.pushIndex("test/multi", "1", "multi");
            ref = registry.host() + "/test/multi:1@" + index;
            String digest = debianPython().writeOciLayout(work.resolve("layout"), "3.12-bookworm");
            registry.pushLayout(work.resolve("layout"), "test/python", "3.12-bookworm");
            pinned = registry.host() + "/test/python:3.12-bookworm@" + digest;

            amd64 = new BaseImageReader(cache).facts(ref, "test");
            arm64 = new BaseImageReader(cache).setPlatform("linux/arm64").facts(ref, "test");
            python = new BaseImageReader(cache).facts(pinned, "test");

            assertEquals("amd64", amd64.config().architecture());
            assertEquals("arm64", arm64.config().architecture());
            assertEquals(BaseFacts.of(new BaseImageReader(cache).read(pinned, "test")), python);
            assertEquals("/usr/local/bin/python3.12", python.pythons().get(0).interpreter());
        }
        // The registry is gone and the entries' indexes are removed: only the stored facts can answer.
        try (var entries = Files.list(cache)) {
            for (Path entry : entries.filter(p -> Files.isRegularFile(p.resolve("COMPLETE"))).toList()) {
                assertTrue(Files.isRegularFile(entry.resolve(BaseFactsFile.NAME)), entry.toString());
                Files.delete(entry.resolve("index.tsv"));
            }
        }
        assertEquals(amd64, new BaseImageReader(cache).setOffline(true).facts(ref, "test"));
        assertEquals(arm64, new BaseImageReader(cache).setOffline(true).setPlatform("linux/arm64").facts(ref, "test"),
                "the index's entry for the platform (index digest + platform)");
        assertEquals(python, new BaseImageReader(cache).setOffline(true).facts(pinned, "test"));
        OdooImageException s390x = assertThrows(OdooImageException.class,
                () -> new BaseImageReader(cache).setOffline(true).setPlatform("linux/s390x").facts(ref, "test"));
        assertTrue(s390x.getMessage().contains("offline") || s390x.getMessage().contains("-o"), s390x.getMessage());
    }

    @Test
    void unreachableRegistryWithEmptyCacheNamesTheImageAndOffline() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String ref = "127.0.0.1:" + port + "/test/python:3.12@sha256:" + "a".repeat(64);
        BaseImageReader reader = new BaseImageReader(work.resolve("cache"))
                .setRegistry(new RegistryClient(Credential.Provider.NONE, Duration.ofSeconds(2)));

        OdooImageException online = assertThrows(OdooImageException.class, () -> reader.read(ref, "test"));
        assertTrue(online.getMessage().contains(ref) && online.getMessage().contains("cannot reach registry")
                && online.getMessage().contains("mvn -o"), online.getMessage());

        OdooImageException offline = assertThrows(OdooImageException.class,
                () -> new BaseImageReader(work.resolve("cache")).setOffline(true).read(ref, "test"));
        assertTrue(offline.getMessage().contains(ref) && offline.getMessage().contains("offline (-o)")
                && offline.getMessage().contains("without -o"), offline.getMessage());
        assertTrue(!Files.exists(work.resolve("cache")) || Files.list(work.resolve("cache")).findAny().isEmpty(),
                "nothing half-written in the cache");
    }
}
