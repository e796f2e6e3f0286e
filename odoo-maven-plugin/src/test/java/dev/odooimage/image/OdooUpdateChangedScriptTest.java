package dev.odooimage.image;

import static dev.odooimage.image.ScriptHarness.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.odooimage.image.ScriptHarness.Result;

/**
 * {@code odoo-update --changed} against a real PostgreSQL: a database whose
 * {@code ir_module_module} the test fills, the image's {@code addons.digests} a file the test
 * writes, and the stand-in odoo-bin recording which modules it was asked to update.
 */
class OdooUpdateChangedScriptTest extends PostgresScriptTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);

    private Map<String, String> dbEnv(String db) throws IOException {
        return env("ODOO_DB_HOST", "127.0.0.1", "ODOO_DB_PORT", String.valueOf(pg.port), "ODOO_DB_USER", "odoo",
                "ODOO_DB_PASSWORD_FILE", h.file("secrets/db", DB_SECRET).toString(), "ODOO_DB_NAME", db,
                "ODOO_DB_WAIT_TIMEOUT", "20", "ODOO_IMAGE_ADDON_DIGESTS_FILE",
                h.root.resolve("etc/odoo/addons.digests").toString());
    }

    /** An Odoo database as far as odoo-update looks: modules and their states. */
    private void odooDatabase(String db, String... nameState) throws Exception {
        pg.sql("postgres", "CREATE DATABASE " + db + " OWNER odoo");
        pg.sql(db, "CREATE TABLE ir_module_module (id serial PRIMARY KEY, name varchar UNIQUE, state varchar);"
                + " ALTER TABLE ir_module_module OWNER TO odoo");
        for (int i = 0; i < nameState.length; i += 2) {
            pg.sql(db, "INSERT INTO ir_module_module (name, state) VALUES ('" + nameState[i] + "', '"
                    + nameState[i + 1] + "')");
        }
    }

    private void image(String... nameDigest) throws IOException {
        StringBuilder b = new StringBuilder("# odoo-image addon digests, format 1: <technical name> <tree digest>\n");
        for (int i = 0; i < nameDigest.length; i += 2) {
            b.append(nameDigest[i]).append(' ').append(nameDigest[i + 1]).append('\n');
        }
        h.file("etc/odoo/addons.digests", b.toString());
    }

    private String recorded(String db) throws Exception {
        return pg.sql(db, "SELECT string_agg(name || '=' || left(digest, 8), ' ' ORDER BY name)"
                + " FROM odoo_image_addon_digest");
    }

    private static String updated(Result r) {
        List<String> argv = r.argv();
        return argv.get(argv.indexOf("-u") + 1);
    }

    @Test
    void firstRunRecordsThenExactlyTheChangedInstalledModulesAreUpdated() throws Exception {
        odooDatabase("shop", "base", "installed", "web", "installed", "sale", "to upgrade", "stock", "uninstalled");
        image("base", A, "sale", A, "stock", A, "web", A);

        Result r = h.run("odoo-update", dbEnv("shop"), "--changed");
        assertEquals(0, r.exit(), r.toString());
        assertNull(r.odoo(), "first run on a database without a record: record only, Odoo not run");
        assertTrue(r.stderr().contains("no addon digests recorded in database shop yet: recording"), r.stderr());
        assertEquals("base=sha256:a sale=sha256:a stock=sha256:a web=sha256:a", recorded("shop"));

        // A new image: sale and stock (not installed) changed, web unchanged, new addon extra.
        image("base", A, "extra", C, "sale", B, "stock", B, "web", A);
        r = h.run("odoo-update", dbEnv("shop"), "--changed", "--log-level=warn");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("sale", updated(r), "only the installed module whose digest moved");
        assertEquals(List.of("-c", h.runtimeDir.resolve("odoo-runtime.conf").toString(), "-u", "sale",
                "--stop-after-init", "--log-level=warn"), r.argv());
        assertTrue(r.stderr().contains("updating 1 changed module(s) in database shop: sale"), r.stderr());
        assertEquals("base=sha256:a extra=sha256:c sale=sha256:b stock=sha256:b web=sha256:a", recorded("shop"));

        r = h.run("odoo-update", dbEnv("shop"), "--changed");
        assertEquals(0, r.exit(), r.toString());
        assertNull(r.odoo(), "nothing changed since: Odoo not run");
        assertTrue(r.stderr().contains("nothing to update"), r.stderr());
        assertFalse(r.all().contains(DB_SECRET), "the password is never printed");
    }

    @Test
    void aFailedUpdateRecordsNothingSoTheNextRunRetries() throws Exception {
        odooDatabase("retry", "base", "installed", "web", "installed");
        image("base", A, "web", A);
        assertEquals(0, h.run("odoo-update", dbEnv("retry"), "--changed").exit());
        image("base", B, "web", B, "gone_later", C);

        Map<String, String> failing = dbEnv("retry");
        failing.put("FAKE_ODOO_EXIT", "1");
        Result r = h.run("odoo-update", failing, "--changed");
        assertEquals(1, r.exit(), "Odoo's exit code");
        assertEquals("base,web", updated(r));
        assertTrue(r.stderr().contains("no digest recorded"), r.stderr());
        assertEquals("base=sha256:a web=sha256:a", recorded("retry"));

        image("base", B, "web", B);
        r = h.run("odoo-update", dbEnv("retry"), "--changed");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("base,web", updated(r), "the same modules again");
        assertEquals("base=sha256:b web=sha256:b", recorded("retry"));
    }

    @Test
    void firstRunAllUpdatesEveryInstalledModuleOfTheImage() throws Exception {
        odooDatabase("restored", "base", "installed", "web", "installed", "legacy", "installed", "sale", "uninstalled");
        image("base", A, "sale", A, "web", A);
        Result r = h.run("odoo-update", dbEnv("restored"), "--changed", "--first-run=all");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("base,web", updated(r), "installed and in the image; legacy is not in the image");
        assertTrue(r.stderr().contains("not in this image (left alone): legacy"), r.stderr());
        assertEquals("base=sha256:a sale=sha256:a web=sha256:a", recorded("restored"));

        r = h.run("odoo-update", dbEnv("restored"), "--changed", "--first-run=bogus");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().contains("--first-run=record or --first-run=all"), r.stderr());
    }

    @Test
    void refusesADatabaseWithoutOdooAndAnImageWithoutDigests() throws Exception {
        pg.sql("postgres", "CREATE DATABASE plain OWNER odoo");
        image("base", A);
        Result r = h.run("odoo-update", dbEnv("plain"), "--changed");
        assertEquals(4, r.exit(), r.toString());
        assertTrue(r.stderr().contains("database plain holds no Odoo (no ir_module_module): initialise it with"
                + " odoo-init"), r.stderr());
        assertEquals("", pg.sql("plain", "SELECT coalesce(to_regclass('odoo_image_addon_digest')::text, '')"),
                "nothing created in a database that is not Odoo's");

        odooDatabase("nodigests", "base", "installed");
        Map<String, String> e = dbEnv("nodigests");
        e.put("ODOO_IMAGE_ADDON_DIGESTS_FILE", h.root.resolve("etc/odoo/none").toString());
        r = h.run("odoo-update", e, "--changed");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().contains("addon digests " + h.root.resolve("etc/odoo/none") + " cannot be read"),
                r.stderr());
        assertTrue(r.stderr().contains("odoo-update MODULES"), r.stderr());
    }

    @Test
    void aSecondConcurrentRunIsRefused() throws Exception {
        odooDatabase("busy", "base", "installed");
        image("base", A);
        // Another session holds the lock while this run starts.
        ProcessBuilder pb = new ProcessBuilder(ThrowAwayPostgres.BIN.resolve("psql").toString(), "-X", "-q", "-h",
                "127.0.0.1", "-p", String.valueOf(pg.port), "-U", ThrowAwayPostgres.SUPERUSER, "-d", "busy", "-c",
                "SELECT pg_advisory_lock(" + 0x6f646f6f75706474L + "), pg_sleep(30)");
        pb.environment().put("PGPASSWORD", ThrowAwayPostgres.SUPERUSER_PASSWORD);
        Process holder = pb.redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 100 && pg.sql("busy", "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
                    .equals("0"); i++) {
                Thread.sleep(100);
            }
            Result r = h.run("odoo-update", dbEnv("busy"), "--changed");
            assertEquals(5, r.exit(), r.toString());
            assertTrue(r.stderr().contains("another odoo-update --changed is running on database busy"), r.stderr());
        } finally {
            holder.destroy();
            holder.waitFor();
        }
    }
}
