package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke runner against real podman and a real throw-away PostgreSQL, with a small
 * image that follows the runtime contract (FakeOdooImage). The heavy end-to-end smoke of
 * a real Odoo image lives in its/ (VerifyIT).
 */
class SmokeRunnerTest {
    static ContainerEngine engine;

    @TempDir
    Path tmp;

    private final List<String> loaded = new ArrayList<>();

    /** Images this test loaded (by the reference the engine gave): the engine's storage is shared. */
    @org.junit.jupiter.api.AfterEach
    void removeImages() {
        loaded.forEach(ref -> engine.run(Duration.ofMinutes(1), "rmi", "-f", ref));
    }

    @BeforeAll
    static void engine() {
        List<String> notes = new ArrayList<>();
        engine = ContainerEngine.detect(List.of("podman", "docker"), notes).orElse(null);
        if (engine == null) {
            System.err.println("!!! SmokeRunnerTest SKIPPED: no working container engine: " + notes);
        }
        assumeTrue(engine != null, "no container engine: " + notes);
        assumeTrue(FakeOdooImage.available(), "host has no /usr/bin/python3.11 to build the test image from");
    }

    private SmokeOptions options(Path tarball, String series) {
        return SmokeOptions.builder().tarball(tarball).engines(List.of(engine.executable())).series(series)
                .imports(List.of("odoo", "json", "lxml?")).modules(List.of("web_tree")).dbImage("none")
                .httpTimeout(Duration.ofSeconds(60)).commandTimeout(Duration.ofMinutes(3)).build();
    }

    private static Map<String, CheckResult> byId(VerifyReport r) {
        return r.checks().stream().collect(Collectors.toMap(CheckResult::id, Function.identity()));
    }

    /**
     * Smoke containers and volumes still there. The engine finishes removing a container
     * asynchronously (its cleanup process), so this waits up to a minute for them to go.
     */
    private static List<String> leftovers(String id) throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 30; i++) {
            String out = engine.run(Duration.ofMinutes(1), "ps", "-a", "--format", "{{.Names}}").output()
                    + engine.run(Duration.ofMinutes(1), "volume", "ls", "--format", "{{.Name}}").output();
            left = out.lines().filter(l -> l.contains("odoo-smoke") && l.contains(id)).toList();
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(2000);
        }
        return left;
    }

    @Test
    void contractImagePassesEverySmokeCheck() throws Exception {
        Path tar = new FakeOdooImage().write(tmp.resolve("jib-image.tar"), TestImage.Format.DOCKER);
        List<String> log = new ArrayList<>();
        SmokeRunner runner = new SmokeRunner(options(tar, "17.0"), log::add);
        VerifyReport report = runner.run(engine);
        loaded.add(report.imageId());
        for (CheckResult c : report.checks()) {
            assertEquals(c.id().equals("pdf-report") ? CheckResult.Status.SKIP : CheckResult.Status.PASS, c.status(),
                    c.id() + ": " + c.message() + " " + c.details());
        }
        Map<String, CheckResult> checks = byId(report);
        assertEquals(List.of("image-load", "odoo-version", "python-dependencies", "python-imports", "database",
                "odoo-init", "odoo-init-refuses", "server-health", "server-login", "server-user", "server-logs",
                "odoo-update", "pdf-report"), report.checks().stream().map(CheckResult::id).toList());
        assertTrue(checks.get("pdf-report").message().startsWith("no wkhtmltopdf in the image"));
        assertTrue(checks.get("python-imports").message().contains("absent lxml (optional)"));
        assertTrue(checks.get("odoo-init").message().contains("web_tree"));
        assertTrue(checks.get("server-user").message().contains("uid 1000"), checks.get("server-user").message());
        assertTrue(checks.get("python-dependencies").message().contains("checked"));
        assertTrue(checks.get("database").message().contains("throw-away host PostgreSQL"));
        assertEquals(List.of(), leftovers(""), "containers and volumes are removed");
        assertEquals(null, engine.imageId(report.imageId()), "the image the run loaded is removed too");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("removed image ")), log.toString());
    }

    @Test
    void brokenImageFailsTheRightChecksAndCleansUp() throws Exception {
        FakeOdooImage img = new FakeOdooImage();
        img.version = "16.0";
        img.fakebVersion = "1.5";
        img.initRefuses = false;
        img.serverImportError = true;
        Path tar = img.write(tmp.resolve("jib-image.tar"), TestImage.Format.OCI);
        VerifyReport report = new SmokeRunner(options(tar, "17.0"), s -> { }).run(engine);
        loaded.add(report.imageId());
        Map<String, CheckResult> c = byId(report);
        assertEquals(CheckResult.Status.PASS, c.get("image-load").status(), "OCI layout tarballs load too");
        assertTrue(c.get("odoo-version").failed());
        assertTrue(c.get("odoo-version").message().contains("Odoo 16.0 but the project locks 17.0"));
        assertTrue(c.get("python-dependencies").failed());
        assertTrue(c.get("python-dependencies").message().contains("fakea 1.0 requires fakeb>=2, but fakeb 1.5"),
                c.get("python-dependencies").message());
        assertEquals(CheckResult.Status.PASS, c.get("python-imports").status());
        assertEquals(CheckResult.Status.PASS, c.get("odoo-init").status());
        assertTrue(c.get("odoo-init-refuses").failed());
        assertTrue(c.get("server-health").failed());
        assertTrue(c.get("server-health").message().contains("exited"), c.get("server-health").message());
        assertTrue(c.get("server-logs").failed());
        assertTrue(c.get("server-logs").message().contains("ImportError"));
        assertEquals(CheckResult.Status.PASS, c.get("odoo-update").status());
        assertFalse(report.failures().isEmpty());
        assertEquals(List.of(), leftovers(""), "containers and volumes are removed after failures too");
    }

    @Test
    void keepImageLeavesTheLoadedImage() throws Exception {
        FakeOdooImage img = new FakeOdooImage();
        img.version = "16.0"; // fails early: only the image's fate matters here
        Path tar = img.write(tmp.resolve("jib-image.tar"), TestImage.Format.DOCKER);
        SmokeOptions o = options(tar, "17.0");
        SmokeOptions keep = o.toBuilder().keepImage(true).build();
        VerifyReport report = new SmokeRunner(keep, s -> { }).run(engine);
        loaded.add(report.imageId());
        assertTrue(engine.imageId(report.imageId()) != null, "kept when asked");
    }

    @Test
    void tarballTheEngineCannotLoadIsReportedNotThrown() throws Exception {
        Path tar = java.nio.file.Files.writeString(tmp.resolve("jib-image.tar"), "not an image\n".repeat(100));
        VerifyReport report = new SmokeRunner(options(tar, "17.0"), s -> { }).run(engine);
        Map<String, CheckResult> c = byId(report);
        assertTrue(c.get("image-load").failed());
        assertTrue(c.get("image-load").message().contains("load -i"), c.get("image-load").message());
        assertEquals(1, report.failures().size());
        assertEquals(CheckResult.Status.SKIP, c.get("odoo-update").status());
        assertEquals(List.of(), leftovers(""));
    }
}
