package dev.odooimage.image;

import static dev.odooimage.image.ScriptHarness.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.odooimage.image.ScriptHarness.Result;

/** odoo-init against a real PostgreSQL: only a genuinely empty database is initialised. */
class OdooInitScriptTest extends PostgresScriptTest {
    private Map<String, String> dbEnv(String db) throws IOException {
        return env("ODOO_DB_HOST", "127.0.0.1", "ODOO_DB_PORT", String.valueOf(pg.port), "ODOO_DB_USER", "odoo",
                "ODOO_DB_PASSWORD_FILE", h.file("secrets/db", DB_SECRET).toString(), "ODOO_DB_NAME", db,
                "ODOO_DB_WAIT_TIMEOUT", "20");
    }

    private String conf() {
        return h.runtimeDir.resolve("odoo-runtime.conf").toString();
    }

    @Test
    void initialisesAnEmptyDatabaseWithBaseAndWithoutDemo() throws Exception {
        pg.sql("postgres", "CREATE DATABASE empty_db OWNER odoo");
        Result r = h.run("odoo-init", dbEnv("empty_db"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("-c", conf(), "-i", "base", "--stop-after-init", "--without-demo=all"), r.argv());
        assertTrue(r.config().contains("db_name = empty_db\n"));
    }

    @Test
    void modulesLanguageDemoAndExtraArgumentsAreConfigurable() throws Exception {
        pg.sql("postgres", "CREATE DATABASE custom_db OWNER odoo");
        Result r = h.run("odoo-init", dbEnv("custom_db"), "-i", "base,sale", "--language", "fr_FR", "--with-demo",
                "--", "--log-level=warn");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("-c", conf(), "-i", "base,sale", "--stop-after-init", "--load-language=fr_FR",
                "--log-level=warn"), r.argv());
        Map<String, String> e = dbEnv("custom_db");
        e.put("ODOO_INIT_MODULES", "web");
        r = h.run("odoo-init", e);
        assertEquals(List.of("-c", conf(), "-i", "web", "--stop-after-init", "--without-demo=all"), r.argv());
    }

    @Test
    void aMissingDatabaseIsLeftToOdooToCreate() throws Exception {
        Result r = h.run("odoo-init", dbEnv("not_created_yet"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().contains("does not exist yet: Odoo will create it"), r.stderr());
    }

    @Test
    void refusesADatabaseWithOdooTables() throws Exception {
        pg.sql("postgres", "CREATE DATABASE odoo_prod OWNER odoo");
        pg.sql("odoo_prod", "CREATE TABLE ir_module_module (id serial primary key, name varchar)");
        Result r = h.run("odoo-init", dbEnv("odoo_prod"));
        assertEquals(4, r.exit(), r.toString());
        assertTrue(r.stderr().contains("already holds Odoo tables (public.ir_module_module)"), r.stderr());
        assertTrue(r.stderr().contains("odoo-run"), r.stderr());
        assertNull(r.odoo(), "Odoo must not run");
    }

    @Test
    void refusesADatabaseWithAnyOtherTable() throws Exception {
        pg.sql("postgres", "CREATE DATABASE legacy OWNER odoo");
        pg.sql("legacy", "CREATE SCHEMA crm; CREATE TABLE crm.customers (id int); CREATE VIEW public.v AS SELECT 1");
        Result r = h.run("odoo-init", dbEnv("legacy"));
        assertEquals(5, r.exit(), r.toString());
        assertTrue(r.stderr().contains("database legacy is not empty: it holds 2 table(s)/relation(s)"
                + " (crm.customers, public.v)"), r.stderr());
        assertNull(r.odoo());
    }

    @Test
    void needsADatabaseName() throws Exception {
        Result r = h.run("odoo-init", env("ODOO_DB_HOST", "127.0.0.1", "ODOO_DB_PORT", String.valueOf(pg.port)));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().contains("no database named: set ODOO_DB_NAME"), r.stderr());
    }

    @Test
    void timesOutWhenPostgresIsDown() throws Exception {
        Map<String, String> e = dbEnv("x");
        e.put("ODOO_DB_PORT", String.valueOf(ThrowAwayPostgres.freePort()));
        e.put("ODOO_DB_WAIT_TIMEOUT", "1");
        Result r = h.run("odoo-init", e);
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.stderr().contains("is not reachable after 1s"), r.stderr());
    }

    @Test
    void refusesAnyDatabaseSelectedAfterTheDoubleDash() throws Exception {
        pg.sql("postgres", "CREATE DATABASE customers OWNER odoo");
        pg.sql("customers", "CREATE TABLE invoices (id int)");
        for (List<String> extra : List.of(List.of("-d", "customers"), List.of("--database=customers"),
                List.of("--database", "customers"), List.of("-dcustomers"), List.of("--datab", "customers"),
                List.of("--d=customers"), List.of("-sdcustomers"))) {
            List<String> args = new java.util.ArrayList<>(List.of("--"));
            args.addAll(extra);
            Result r = h.run("odoo-init", dbEnv("fresh_one"), args.toArray(String[]::new));
            assertEquals(2, r.exit(), extra + " -> " + r);
            assertTrue(r.stderr().contains("odoo-init: error: do not select the database after --"), r.stderr());
            assertFalse(r.stderr().contains("initialising"), r.stderr());
            assertNull(r.odoo(), "Odoo must not run");
        }
    }

    @Test
    void usageErrorsComeBeforeTheDatabaseWait() throws Exception {
        Map<String, String> e = dbEnv("x");
        e.put("ODOO_DB_PORT", String.valueOf(ThrowAwayPostgres.freePort()));
        e.put("ODOO_DB_WAIT_TIMEOUT", "30");
        for (List<String> args : List.of(List.of("--", "-c", "/etc/mine.conf"), List.of("--", "-d", "other"),
                List.of("--", "word", "-cX"), List.of("--bogus"))) {
            long start = System.nanoTime();
            Result r = h.run("odoo-init", e, args.toArray(String[]::new));
            assertEquals(2, r.exit(), args + " -> " + r);
            assertTrue(System.nanoTime() - start < 15_000_000_000L, "waited for PostgreSQL first: " + args);
            assertFalse(r.stderr().contains("waiting"), r.stderr());
        }
    }
}
