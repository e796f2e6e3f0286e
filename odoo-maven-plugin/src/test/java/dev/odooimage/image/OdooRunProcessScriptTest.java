package dev.odooimage.image;

import static dev.odooimage.image.ScriptHarness.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.odooimage.image.ScriptHarness.Result;

/**
 * odoo-run as the container runs it: PID 1 of its own PID namespace (no default SIGTERM
 * action), a uid with no passwd entry, a data_dir it may not write. These need root to set up
 * (unshare, setpriv); without root they skip loudly.
 */
class OdooRunProcessScriptTest extends PostgresScriptTest {
    /** A uid that has no passwd entry here, as with {@code podman run --user 4242}. */
    static final int NO_PASSWD_UID = 4242;

    static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            String reason = "needs root to run odoo-run as PID 1 of a PID namespace or as another uid: NOT tested";
            System.err.println("!".repeat(78) + "\n!! SKIPPED: " + reason + "\n" + "!".repeat(78));
            Assumptions.abort(reason);
        }
    }

    @Test
    void sigtermDuringTheDatabaseWaitStopsPromptlyAsPid1() throws Exception {
        requireRoot();
        h.prefix.addAll(List.of("unshare", "--pid", "--fork", "--kill-child", "--"));
        int closed = ThrowAwayPostgres.freePort();
        Process p = h.start("odoo-run", env("ODOO_DB_HOST", "127.0.0.1", "ODOO_DB_PORT", String.valueOf(closed),
                "ODOO_DB_WAIT_TIMEOUT", "40"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(h.stderrFile()).contains("waiting up to") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.readString(h.stderrFile()).contains("waiting up to"), Files.readString(h.stderrFile()));
        ProcessHandle pid1 = p.toHandle().children().findFirst().orElseThrow();
        long sent = System.nanoTime();
        pid1.destroy(); // SIGTERM, as podman stop sends it
        boolean ended = p.waitFor(10, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "SIGTERM ignored: still waiting after 10s");
        Result r = h.result(p);
        assertEquals(143, r.exit(), r.toString());
        assertTrue(r.stderr().contains("odoo-run: stopped by SIGTERM"), r.stderr());
        assertTrue(System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(5), "took too long");
        assertNull(r.odoo());
    }

    @Test
    void aUidWithoutPasswdEntryStillWaitsAndConnectsAsUser() throws Exception {
        requireRoot();
        Path data = Files.createDirectories(tmp.resolve("data"));
        h.asUid(NO_PASSWD_UID);
        Path pw = h.file("secrets/db", DB_SECRET);
        Files.setOwner(pw, tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(
                String.valueOf(NO_PASSWD_UID)));
        // USER=odoo (the image sets it): the probe must connect as odoo, like Odoo's PGUSER.
        Result r = h.run("odoo-run", env("ODOO_DB_HOST", "127.0.0.1", "ODOO_DB_PORT", String.valueOf(pg.port),
                "ODOO_DB_PASSWORD_FILE", pw.toString(), "ODOO_DB_NAME", "postgres", "ODOO_DB_WAIT_TIMEOUT", "10",
                "ODOO_DATA_DIR", data.toString()));
        assertEquals(0, r.exit(), r.toString());
        assertEquals("odoo", r.odooEnv().get("PGUSER"));
        int closed = ThrowAwayPostgres.freePort();
        r = h.run("odoo-run", env("ODOO_DB_HOST", "127.0.0.1", "ODOO_DB_PORT", String.valueOf(closed),
                "ODOO_DB_WAIT_TIMEOUT", "2", "ODOO_DATA_DIR", data.toString()));
        assertEquals(3, r.exit(), "the wait must not give up on 'local user does not exist': " + r);
        assertTrue(r.stderr().contains("is not reachable after 2s"), r.stderr());
    }

    @Test
    void aDataDirTheUidCannotWriteIsRefusedAtStart() throws Exception {
        requireRoot();
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path missing = data.resolve("not/yet");
        h.asUid(NO_PASSWD_UID);
        Result ok = h.run("odoo-run", env("ODOO_DATA_DIR", missing.toString()));
        assertEquals(0, ok.exit(), "a missing data_dir under a writable one is created by Odoo: " + ok);
        Files.setOwner(data, tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path dir : List.of(data, missing)) {
            Result r = h.run("odoo-run", env("ODOO_DATA_DIR", dir.toString()));
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.stderr().contains("data_dir " + dir + " is not writable by uid " + NO_PASSWD_UID), r.stderr());
            assertNull(r.odoo());
        }
        Result version = h.run("odoo-run", env("ODOO_DATA_DIR", data.toString()), "--version");
        assertEquals(0, version.exit(), "--version needs no data_dir: " + version);
        assertFalse(version.stderr().contains("data_dir"), version.stderr());
    }
}
