package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.its.kit.ContainerEngine;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.LocalRegistry;
import dev.odooimage.its.kit.Procs;
import dev.odooimage.its.kit.TestBaseImage;

/**
 * The Debian test base image: built once by debootstrap (then cached), a valid docker-save
 * archive with python3 and the odoo user, servable from a registry on 127.0.0.1, runnable by
 * podman as uid 1000.
 */
class TestBaseImageIT {

    static TestBaseImage image;
    static Path work;

    @BeforeAll
    static void build() {
        // root and debootstrap are part of the test environment (.ci/run installs debootstrap)
        assertNull(TestBaseImage.unavailableReason(), TestBaseImage.unavailableReason());
        image = TestBaseImage.get();
        work = ItWork.dir(TestBaseImageIT.class, "run");
    }

    @Test
    void archiveIsADockerSaveImageWithPythonAndTheOdooUser() throws Exception {
        assertTrue(Files.isRegularFile(image.tarball()));
        assertEquals("tar://" + image.tarball().toAbsolutePath(), image.jibTarReference());
        Path x = Files.createDirectories(work.resolve("extract"));
        Procs.run("tar", "-C", x.toString(), "-xf", image.tarball().toString()).orThrow();
        JsonNode manifest = new ObjectMapper().readTree(x.resolve("manifest.json").toFile()).get(0);
        assertEquals("odoo-test-base:bookworm", manifest.get("RepoTags").get(0).asText());
        assertEquals(1, manifest.get("Layers").size());
        JsonNode config = new ObjectMapper().readTree(x.resolve(manifest.get("Config").asText()).toFile());
        Path layer = x.resolve(manifest.get("Layers").get(0).asText());
        assertEquals("sha256:" + sha256(layer), config.get("rootfs").get("diff_ids").get(0).asText(),
                "the config's diff_id is the digest of the uncompressed layer");
        assertEquals("linux", config.get("os").asText());

        Path rootfs = Files.createDirectories(work.resolve("rootfs"));
        Procs.run("tar", "-C", rootfs.toString(), "-xf", layer.toString(), "etc/passwd", "etc/group",
                "usr/bin/python3", "var/lib/odoo", "etc/debian_version").orThrow();
        assertTrue(Files.readString(rootfs.resolve("etc/passwd"))
                .contains("odoo:x:1000:1000::/var/lib/odoo:/usr/sbin/nologin"));
        assertTrue(Files.readString(rootfs.resolve("etc/group")).contains("odoo:x:1000:"));
        assertTrue(Files.readString(rootfs.resolve("etc/debian_version")).startsWith("12."));
        String listing = Procs.run("tar", "-tvf", layer.toString(), "var/lib/odoo").orThrow().output();
        assertTrue(listing.contains("1000/1000"), listing);
        String apt = Procs.run("tar", "-tf", layer.toString()).orThrow().output();
        assertFalse(apt.lines().anyMatch(l -> l.startsWith("var/cache/apt/archives/") && l.endsWith(".deb")),
                "no .deb left in the image");
        assertFalse(apt.lines().anyMatch(l -> l.startsWith("var/lib/apt/lists/") && l.contains("_Packages")),
                "no apt lists left in the image");
        assertTrue(image.pythonVersion().matches("3\\.11\\.\\d+"), image.pythonVersion());
        assertEquals("cpython-311-x86_64-linux-gnu", image.info().getProperty("python.soabi"));
    }

    @Test
    void secondGetReusesTheCacheAndHalfBuiltCachesAreIgnored() throws Exception {
        TestBaseImage again = TestBaseImage.get();
        assertFalse(again.wasBuilt());
        assertEquals(image.tarball(), again.tarball());

        Path fake = Files.createDirectories(work.resolve("cache/" + TestBaseImage.key()));
        Files.copy(image.dir().resolve("info.properties"), fake.resolve("info.properties"));
        Files.writeString(fake.resolve("image.tar"), "truncated");
        assertNull(TestBaseImage.cached(fake), "no COMPLETE marker: not trusted");
    }

    @Test
    void variantWithExtraPackagesHasItsOwnCacheEntryAndTag() throws Exception {
        TestBaseImage withLibpq = TestBaseImage.get(List.of("libpq5"));
        assertFalse(withLibpq.dir().equals(image.dir()));
        assertTrue(withLibpq.reference().startsWith("odoo-test-base:bookworm-"), withLibpq.reference());
        assertEquals("python3,ca-certificates,libpq5", withLibpq.info().getProperty("packages"));
        Path x = Files.createDirectories(work.resolve("extract-libpq"));
        Procs.run("tar", "-C", x.toString(), "-xf", withLibpq.tarball().toString()).orThrow();
        JsonNode manifest = new ObjectMapper().readTree(x.resolve("manifest.json").toFile()).get(0);
        assertEquals(withLibpq.reference(), manifest.get("RepoTags").get(0).asText());
        String files = Procs.run("tar", "-tf", x.resolve(manifest.get("Layers").get(0).asText()).toString())
                .orThrow().output();
        assertTrue(files.lines().anyMatch(l -> l.matches("usr/lib/[^/]+/libpq\\.so\\.5")), "libpq.so.5 is in the image");
        assertEquals(withLibpq.dir(), TestBaseImage.get(List.of("libpq5", "python3")).dir(),
                "default packages and order do not change the recipe");
    }

    @Test
    void pushedToTheLocalRegistry() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start()) {
            LocalRegistry.Pushed pushed = image.pushTo(registry);
            assertEquals(registry.host() + "/odoo-test-base:bookworm", pushed.reference());
            assertTrue(pushed.digest().matches("sha256:[0-9a-f]{64}"), pushed.digest());

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> tags = http.send(HttpRequest.newBuilder(
                    URI.create(registry.url("/v2/odoo-test-base/tags/list"))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, tags.statusCode());
            assertTrue(tags.body().contains("\"bookworm\""), tags.body());
            HttpResponse<String> manifest = http.send(HttpRequest.newBuilder(
                    URI.create(registry.url("/v2/odoo-test-base/manifests/bookworm")))
                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
                            + "application/vnd.oci.image.manifest.v1+json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, manifest.statusCode());
            assertEquals(pushed.digest(), manifest.headers().firstValue("Docker-Content-Digest").orElse(""));
            assertEquals(registry.host() + "/odoo-test-base@" + pushed.digest(), pushed.pinned());
        }
    }

    @Test
    void runsPythonAsUid1000InTheContainerEngine() throws Exception {
        try (ContainerEngine engine = ContainerEngine.detect().assumeAvailable();
                LocalRegistry registry = LocalRegistry.start()) {
            String id = engine.load(image.tarball());
            Procs.Result r = engine.runRm(List.of("--user", "1000:1000", "--network", "none", id, "python3", "-c",
                    "import sys, os; print(sys.version); print('uid', os.getuid()); print('home', os.environ.get('HOME'))"),
                    Duration.ofMinutes(2));
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().startsWith(image.pythonVersion() + " "), r.output());
            assertTrue(r.output().contains("uid 1000"), r.output());
            assertTrue(r.output().contains("home /var/lib/odoo"), r.output());

            Procs.Result write = engine.runRm(List.of("--user", "odoo", "--network", "none", id, "sh", "-c",
                    "touch /var/lib/odoo/ok && ls -ln /var/lib/odoo"), Duration.ofMinutes(2));
            assertEquals(0, write.exitCode(), write.output());
            assertTrue(write.output().contains("1000 1000"), write.output());

            // the engine pulls the pushed image from the local registry as well
            LocalRegistry.Pushed pushed = image.pushTo(registry);
            if (engine.name().equals("podman")) {
                Procs.Result pull = engine.exec(List.of("pull", "--tls-verify=false", pushed.pinned()),
                        Duration.ofMinutes(5));
                assertEquals(0, pull.exitCode(), pull.output());
                Procs.Result run = engine.runRm(List.of("--network", "none", pushed.pinned(), "python3", "--version"),
                        Duration.ofMinutes(2));
                assertEquals("Python " + image.pythonVersion(), run.output().strip());
                engine.rmi(pushed.pinned());
            }
        }
    }

    /** sha256 of the uncompressed layer (a diff_id is the digest of the uncompressed tar). */
    private static String sha256(Path gzipLayer) throws Exception {
        var md = java.security.MessageDigest.getInstance("SHA-256");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gzipLayer))) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }
}
