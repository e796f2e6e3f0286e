package dev.odooimage.image;

import static dev.odooimage.image.ScriptHarness.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.odooimage.image.ScriptHarness.Result;

/**
 * What the real Odoo 16.0 makes of what the scripts hand it ({@link RealOdooConfig}): the
 * config file its option parser selects, the database it selects, and the options its config
 * reader finds in the rendered file. Whatever the input, Odoo reads the rendered file, the
 * checked database and no secret but the given ones; or the script refuses (exit 2) first.
 */
class OdooRealParserScriptTest extends PostgresScriptTest {
    static final String LEAK = "leaked-Value-9";
    static final String ADMIN = "master-Key-77aa31";

    @BeforeEach
    void realOdoo() throws Exception {
        h.useRealOdoo(RealOdooConfig.core());
    }

    private String rendered() {
        return h.runtimeDir.resolve("odoo-runtime.conf").toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> options(Result r) {
        assertNull(r.odoo().get("load_error"), "Odoo could not read the rendered file: " + r.odoo());
        return (Map<String, Object>) r.odoo().get("options");
    }

    /** Refused with exit 2 before Odoo runs, or Odoo read what odoo-run meant. */
    private void refusedOrHarmless(Result r) {
        if (r.odoo() == null) {
            assertEquals(2, r.exit(), r.toString());
            return;
        }
        assertEquals(rendered(), r.odoo().get("config_file"), "Odoo reads another config: " + r.odoo());
        Map<String, Object> o = options(r);
        assertNotEquals(LEAK, o.get("admin_passwd"), "injected master password");
        assertNotEquals(LEAK, o.get("db_password"), "injected database password");
    }

    @Test
    void odooReadsTheRenderedConfigAsOdooRunMeantIt() throws Exception {
        Path base = h.file("deploy/odoo.conf", "[options]\ndb_name = prod\nworkers = 4\n\n[queue_job]\nchannels = root:2\n");
        Result r = h.run("odoo-run", env("ODOO_BASE_CONFIG_FILE", base.toString(), "ODOO_DB_WAIT_TIMEOUT", "0",
                "ODOO_ADMIN_PASSWD_FILE", h.file("s/admin", ADMIN + "\n").toString(),
                "ODOO_DB_PASSWORD_FILE", h.file("s/db", DB_SECRET).toString(), "ODOO_OPTION_SMTP_SERVER", "mail"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(rendered(), r.odoo().get("config_file"));
        Map<String, Object> o = options(r);
        assertEquals(ADMIN, o.get("admin_passwd"));
        assertEquals(DB_SECRET, o.get("db_password"));
        assertEquals("prod", o.get("db_name"));
        assertEquals("4", o.get("workers"));
        assertEquals("mail", o.get("smtp_server"));
        assertEquals(Map.of("channels", "root:2"), ((Map<?, ?>) r.odoo().get("misc")).get("queue_job"));
    }

    @Test
    void noSpellingOfTheConfigOptionMakesOdooReadAnotherFile() throws Exception {
        Path mine = h.file("mine.conf", "[options]\nadmin_passwd = " + LEAK + "\n");
        String m = mine.toString();
        for (List<String> args : List.of(List.of("-c" + m), List.of("--conf=" + m), List.of("--co", m),
                List.of("--c=" + m), List.of("-s", "-c", m), List.of("-sc" + m), List.of("--config", m),
                List.of("--config=" + m), List.of("shell", "-c" + m), List.of("-dcustomers"), List.of("--log-level=warn"))) {
            Result r = h.run("odoo-run", env("ODOO_DB_WAIT_TIMEOUT", "0"), args.toArray(String[]::new));
            refusedOrHarmless(r);
        }
    }

    @Test
    void continuationLinesAndExtraSectionsNeverReachOdoo() throws Exception {
        for (String content : List.of("[options]\nsmtp_server = mail\n  admin_passwd = " + LEAK + "\n",
                "[options]\nsmtp_server = mail\n\n  db_password = " + LEAK + "\n",
                "[options]\ndb_name = x\n[queue_job]\nchannels = root:1\n  [options]\n  admin_passwd = " + LEAK + "\n",
                "[DEFAULT]\nadmin_passwd = " + LEAK + "\n[options]\ndb_name = x\n")) {
            Path base = h.file("deploy/odoo.conf", content);
            refusedOrHarmless(h.run("odoo-run", env("ODOO_BASE_CONFIG_FILE", base.toString(),
                    "ODOO_DB_WAIT_TIMEOUT", "0")));
        }
        Files.writeString(h.imageAddonsPath, "/opt/odoo/src/odoo/addons\nadmin_passwd = " + LEAK + "\n");
        refusedOrHarmless(h.run("odoo-run", env("ODOO_DB_WAIT_TIMEOUT", "0")));
    }

    @Test
    void odoosDefaultMasterPasswordAdminIsNeverInForce() throws Exception {
        Result r = h.run("odoo-run", env("ODOO_DB_WAIT_TIMEOUT", "0"));
        assertEquals(0, r.exit(), r.toString());
        Object admin = options(r).get("admin_passwd");
        assertNotEquals("admin", admin);
        assertTrue(admin instanceof String s && s.length() >= 32, String.valueOf(admin));
        r = h.run("odoo-run", env("ODOO_DB_WAIT_TIMEOUT", "0", "ODOO_ADMIN_PASSWORD", ADMIN));
        assertEquals(2, r.exit(), "a misspelt master password variable must not leave 'admin' in force: " + r);
    }

    @Test
    void odooInitialisesOnlyTheDatabaseItChecked() throws Exception {
        pg.sql("postgres", "CREATE DATABASE customer_data OWNER odoo");
        pg.sql("customer_data", "CREATE TABLE invoices (id int)");
        Map<String, String> e = env("ODOO_DB_HOST", "127.0.0.1", "ODOO_DB_PORT", String.valueOf(pg.port),
                "ODOO_DB_USER", "odoo", "ODOO_DB_PASSWORD_FILE", h.file("s/db", DB_SECRET).toString(),
                "ODOO_DB_NAME", "brand_new", "ODOO_DB_WAIT_TIMEOUT", "20");
        for (List<String> extra : List.of(List.of("-d", "customer_data"), List.of("--database=customer_data"),
                List.of("-dcustomer_data"), List.of("--datab", "customer_data"), List.of("-sdcustomer_data"),
                List.of("--database", "customer_data"), List.of("--log-level=warn"))) {
            List<String> args = new java.util.ArrayList<>(List.of("--"));
            args.addAll(extra);
            Result r = h.run("odoo-init", e, args.toArray(String[]::new));
            if (r.odoo() == null) {
                assertEquals(2, r.exit(), extra + " -> " + r);
                continue;
            }
            assertEquals(0, r.exit(), extra + " -> " + r);
            assertNull(r.odoo().get("db_name"), extra + ": Odoo selects a database from the command line");
            assertEquals("brand_new", options(r).get("db_name"), extra + " -> " + r.odoo());
        }
    }
}
