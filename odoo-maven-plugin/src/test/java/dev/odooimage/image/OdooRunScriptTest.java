package dev.odooimage.image;

import static dev.odooimage.image.ScriptHarness.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.odooimage.image.ScriptHarness.Result;

/** odoo-run, odoo-update and odoo-shell, against a real PostgreSQL where they connect. */
class OdooRunScriptTest extends PostgresScriptTest {
    static final String ADMIN_SECRET = "master-Key-77aa31";

    private Map<String, String> dbEnv(String... more) throws IOException {
        Map<String, String> e = env("ODOO_DB_HOST", "127.0.0.1", "ODOO_DB_PORT", String.valueOf(pg.port),
                "ODOO_DB_USER", "odoo", "ODOO_DB_PASSWORD_FILE", h.file("secrets/db_password", DB_SECRET + "\n")
                        .toString(), "ODOO_DB_WAIT_TIMEOUT", "20");
        e.putAll(env(more));
        return e;
    }

    @Test
    void withoutRuntimeConfigurationOdooRunsWithTheImageAddonsPath() throws Exception {
        Result r = h.run("odoo-run", env());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("-c", h.runtimeDir.resolve("odoo-runtime.conf").toString()), r.argv());
        assertEquals("""
                ; Rendered by odoo-run at container start. Do not edit: it is rewritten each start.

                [options]
                data_dir = /var/lib/odoo
                addons_path = /opt/odoo/src/odoo/odoo/addons,/opt/odoo/src/odoo/addons
                admin_passwd = %s
                """.formatted(OdooRunHostileInputScriptTest.adminPasswd(r.config())), r.config());
        assertTrue(r.stdout().contains("fake odoo ran"));
        assertTrue(r.stderr().contains("no runtime configuration"), r.stderr());
    }

    @Test
    void versionAndHelpPassThroughWithoutRenderingOrWaiting() throws Exception {
        for (String arg : List.of("--version", "--help")) {
            Result r = h.run("odoo-run", env("ODOO_DB_HOST", "127.0.0.1", "ODOO_DB_PORT",
                    String.valueOf(ThrowAwayPostgres.freePort())), arg);
            assertEquals(0, r.exit(), r.toString());
            assertEquals(List.of(arg), r.argv());
            assertFalse(Files.exists(h.runtimeDir.resolve("odoo-runtime.conf")), "nothing rendered");
        }
    }

    @Test
    void anExistingRuntimeDirectoryIsMadePrivate() throws Exception {
        Files.createDirectories(h.runtimeDir);
        Files.setPosixFilePermissions(h.runtimeDir, java.nio.file.attribute.PosixFilePermissions.fromString(
                "rwxrwxrwx"));
        Result r = h.run("odoo-run", env("ODOO_DB_NAME", "x"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals("0o700", r.odoo().get("dir_mode"));
        assertEquals("0o600", r.odoo().get("config_mode"));
    }

    @Test
    void rendersBaseConfigImageAddonsPathSecretsAndVariables() throws Exception {
        Path base = h.file("deploy/odoo.conf", """
                [options]
                ; per-instance, non-secret
                db_name = prod
                workers = 4
                proxy_mode = True
                list_db = True

                [queue_job]
                channels = root:2,root.mail:1
                """);
        Result r = h.run("odoo-run", dbEnv("ODOO_BASE_CONFIG_FILE", base.toString(),
                "ODOO_ADMIN_PASSWD_FILE", h.file("secrets/admin", ADMIN_SECRET).toString(),
                "ODOO_LIST_DB", "False", "ODOO_DBFILTER", "^prod$", "ODOO_WORKERS", "2",
                "ODOO_OPTION_SMTP_SERVER", "smtp.example.org",
                "ODOO_OPTION_SMTP_PASSWORD_FILE", h.file("secrets/smtp", "smtp-Secret-1").toString()));
        assertEquals(0, r.exit(), r.toString());
        String conf = r.config();
        assertTrue(conf.contains("db_name = prod\n"), conf);
        assertTrue(conf.contains("proxy_mode = True\n"), conf);
        assertTrue(conf.contains("workers = 2\n"), "variables override the base config: " + conf);
        assertTrue(conf.contains("list_db = False\n"), conf);
        assertTrue(conf.contains("dbfilter = ^prod$\n"), conf);
        assertTrue(conf.contains("addons_path = /opt/odoo/src/odoo/odoo/addons,/opt/odoo/src/odoo/addons\n"), conf);
        assertTrue(conf.contains("db_password = " + DB_SECRET + "\n"), "secret file content, newline stripped");
        assertTrue(conf.contains("admin_passwd = " + ADMIN_SECRET + "\n"));
        assertTrue(conf.contains("smtp_server = smtp.example.org\n"));
        assertTrue(conf.contains("smtp_password = smtp-Secret-1\n"));
        assertTrue(conf.contains("db_host = 127.0.0.1\n") && conf.contains("db_port = " + pg.port + "\n"));
        assertTrue(conf.contains("data_dir = /var/lib/odoo\n"));
        assertTrue(conf.indexOf("[options]") < conf.indexOf("[queue_job]"));
        assertTrue(conf.contains("[queue_job]\nchannels = root:2,root.mail:1\n"), "other sections kept: " + conf);
        assertEquals("0o600", r.odoo().get("config_mode"));
        assertEquals("0o700", r.odoo().get("dir_mode"));
        assertEquals(List.of("-c", h.runtimeDir.resolve("odoo-runtime.conf").toString()), r.argv());
        // Secrets: not on the command line, not in Odoo's environment, not in any output.
        for (String secret : List.of(DB_SECRET, ADMIN_SECRET, "smtp-Secret-1")) {
            assertFalse(r.argv().toString().contains(secret));
            assertFalse(r.odooEnv().toString().contains(secret));
            assertFalse(r.stdout().contains(secret) || r.stderr().contains(secret), r.stderr());
        }
        assertFalse(r.odooEnv().keySet().stream().anyMatch(k -> k.startsWith("ODOO_DB_") || k.startsWith("ODOO_OPTION_")
                || k.startsWith("ODOO_ADMIN")), r.odooEnv().keySet().toString());
        assertTrue(r.stderr().contains("secrets: admin_passwd, db_password, smtp_password"), r.stderr());
    }

    @Test
    void forbiddenBaseKeysFailNamingFileLineAndKeyWithoutShowingTheValue() throws Exception {
        for (String key : List.of("addons_path", "db_password", "admin_passwd")) {
            Path base = h.file("deploy/odoo.conf", "[options]\ndb_name = x\n" + key + " = leaked-Value-9\n");
            Result r = h.run("odoo-run", env("ODOO_BASE_CONFIG_FILE", base.toString()));
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.stderr().contains(base + " line 3: [options] " + key + " is not allowed"), r.stderr());
            assertFalse(r.stderr().contains("leaked-Value-9"), r.stderr());
            assertNull(r.odoo(), "Odoo must not start");
        }
    }

    @Test
    void baseKeysAreCaseInsensitiveLikeOdoos() throws Exception {
        Path base = h.file("deploy/odoo.conf", "[options]\nDB_NAME = upper\nWorkers = 3\n");
        Result r = h.run("odoo-run", env("ODOO_BASE_CONFIG_FILE", base.toString(), "ODOO_WORKERS", "5",
                "ODOO_DB_WAIT_TIMEOUT", "0"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.config().contains("db_name = upper\n"), r.config());
        assertTrue(r.config().contains("workers = 5\n") && !r.config().contains("Workers"), r.config());
        Path secret = h.file("deploy/bad.conf", "[options]\nDB_Password = leaked-Value-9\n");
        r = h.run("odoo-run", env("ODOO_BASE_CONFIG_FILE", secret.toString()));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().contains(secret + " line 2: [options] db_password is not allowed"), r.stderr());
        assertFalse(r.stderr().contains("leaked-Value-9"), r.stderr());
    }

    @Test
    void aVariableAndItsFileBothSetIsAnError() throws Exception {
        Result r = h.run("odoo-run", env("ODOO_DB_PASSWORD", "x", "ODOO_DB_PASSWORD_FILE",
                h.file("s", "y").toString()));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().contains("both ODOO_DB_PASSWORD and ODOO_DB_PASSWORD_FILE are set"), r.stderr());
        r = h.run("odoo-run", env("ODOO_OPTION_SMTP_USER", "a", "ODOO_OPTION_SMTP_USER_FILE",
                h.file("u", "b").toString()));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().contains("both ODOO_OPTION_SMTP_USER and ODOO_OPTION_SMTP_USER_FILE"), r.stderr());
    }

    @Test
    void fileVariablesAreReadAndCheckedForEveryOption() throws Exception {
        Result r = h.run("odoo-run", env("ODOO_DB_NAME_FILE", h.file("name", "from_file\r\n").toString(),
                "ODOO_ADDONS_PATH_FILE", h.file("ap", "/mnt/extra,/opt/odoo/src/odoo/addons\n").toString(),
                "ODOO_DB_WAIT_TIMEOUT", "0"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.config().contains("db_name = from_file\n"), r.config());
        assertTrue(r.config().contains("addons_path = /mnt/extra,/opt/odoo/src/odoo/addons\n"), r.config());

        r = h.run("odoo-run", env("ODOO_DB_PASSWORD_FILE", tmp.resolve("nope").toString()));
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("ODOO_DB_PASSWORD_FILE=" + tmp.resolve("nope") + " cannot be read"),
                r.stderr());

        r = h.run("odoo-run", env("ODOO_DB_PASSWORD_FILE", h.file("two", "line-One-secret\nline2\n").toString()));
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("spans several lines"), r.stderr());
        assertFalse(r.stderr().contains("line-One-secret"), r.stderr());

        r = h.run("odoo-run", env("ODOO_OPTION_DB_PASSWORD", "x"));
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("ODOO_OPTION_DB_PASSWORD: set db_password with ODOO_DB_PASSWORD_FILE"),
                r.stderr());
    }

    @Test
    void moduleSecretsAreValidatedAndNeverShown() throws Exception {
        Path ok = h.file("odpm/secrets.json",
                "{\"schema_version\": 1, \"secrets\": {\"payment.api_key\": \"sk_live_Zz91\", \"x.token\": \"t0k\"}}");
        Result r = h.run("odoo-run", env("ODOO_MODULE_SECRETS_FILE", ok.toString()), "--version");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().contains("is valid (2 key(s))"), r.stderr());
        assertEquals(ok.toString(), r.odooEnv().get("ODOO_MODULE_SECRETS_FILE"), "modules find it where it is");
        assertFalse(r.stderr().contains("sk_live_Zz91"));

        Map<String, String> bad = Map.of(
                "{\"schema_version\": 1, \"secrets\": {\"a\": \"sk_live_Zz91\"",
                "is not valid JSON (line 1",
                "{\"schema_version\": 2, \"secrets\": {}}", "schema_version must be the number 1",
                "{\"schema_version\": true, \"secrets\": {}}", "schema_version must be the number 1",
                "{\"schema_version\": 1, \"secrets\": [\"sk_live_Zz91\"]}", "\"secrets\" must be an object",
                "{\"schema_version\": 1, \"secrets\": {\"pay.key\": 4711}}", "secrets[\"pay.key\"] must be a string, not a number",
                "{\"schema_version\": 1, \"secrets\": {}, \"extra\": \"sk_live_Zz91\"}", "unknown top-level key(s) ['extra']");
        for (Map.Entry<String, String> c : bad.entrySet()) {
            Path f = h.file("odpm/bad.json", c.getKey());
            r = h.run("odoo-run", env("ODOO_MODULE_SECRETS_FILE", f.toString()), "--version");
            assertEquals(2, r.exit(), c.getKey() + " -> " + r);
            assertTrue(r.stderr().contains(c.getValue()), c.getKey() + " -> " + r.stderr());
            assertFalse(r.stderr().contains("sk_live_Zz91") || r.stderr().contains("4711"), r.stderr());
            assertNull(r.odoo());
        }
    }

    @Test
    void subcommandsPassThroughAndConfigFlagsAreRefused() throws Exception {
        Result r = h.run("odoo-run", env("ODOO_DB_NAME", "x", "ODOO_DB_WAIT_TIMEOUT", "0"), "shell", "--no-http");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("shell", "-c", h.runtimeDir.resolve("odoo-runtime.conf").toString(), "--no-http"),
                r.argv());
        r = h.run("odoo-run", env("ODOO_DB_NAME", "x"), "scaffold", "my_module", "/tmp");
        assertEquals(List.of("scaffold", "my_module", "/tmp"), r.argv(), "scaffold takes no server options");
        r = h.run("odoo-run", env(), "-c", "/etc/odoo/mine.conf");
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("do not pass -c/--config"), r.stderr());
    }

    @Test
    void waitsForPostgresAndConnectsWithTheSecret() throws Exception {
        Result r = h.run("odoo-run", dbEnv("ODOO_DB_NAME", "postgres"));
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.stderr().contains("waiting"), "the server is up: no wait: " + r.stderr());
    }

    @Test
    void waitTimesOutWithAClearMessage() throws Exception {
        int closed = ThrowAwayPostgres.freePort();
        Result r = h.run("odoo-run", env("ODOO_DB_HOST", "127.0.0.1", "ODOO_DB_PORT", String.valueOf(closed),
                "ODOO_DB_WAIT_TIMEOUT", "2"));
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.stderr().contains("PostgreSQL at 127.0.0.1:" + closed + " is not reachable after 2s"), r.stderr());
        assertTrue(r.stderr().contains("ODOO_DB_WAIT_TIMEOUT"), r.stderr());
        assertNull(r.odoo());
    }

    @Test
    void waitsUntilPostgresComesUp() throws Exception {
        try (ThrowAwayPostgres late = ThrowAwayPostgres.start()) {
            late.stop();
            Thread starter = new Thread(() -> {
                try {
                    Thread.sleep(2500);
                    late.restart();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            starter.start();
            Result r = h.run("odoo-run", env("ODOO_DB_HOST", "127.0.0.1", "ODOO_DB_PORT", String.valueOf(late.port),
                    "ODOO_DB_USER", "postgres", "ODOO_DB_PASSWORD", ThrowAwayPostgres.SUPERUSER_PASSWORD,
                    "ODOO_DB_WAIT_TIMEOUT", "60"));
            starter.join();
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.stderr().contains("waiting up to 60s for PostgreSQL at 127.0.0.1:" + late.port), r.stderr());
        }
    }

    @Test
    void odooUpdateUpdatesAndStops() throws Exception {
        Result r = h.run("odoo-update", dbEnv("ODOO_DB_NAME", "postgres"), "sale,stock", "--log-level=warn");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("-c", h.runtimeDir.resolve("odoo-runtime.conf").toString(), "-u", "sale,stock",
                "--stop-after-init", "--log-level=warn"), r.argv());
        r = h.run("odoo-update", dbEnv("ODOO_DB_NAME", "postgres"));
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("usage: odoo-update MODULES"), r.stderr());
        r = h.run("odoo-update", env("ODOO_DB_WAIT_TIMEOUT", "0"), "sale");
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("no database named"), r.stderr());
    }

    @Test
    void odooShellRunsTheShellWithTheRuntimeConfig() throws Exception {
        Result r = h.run("odoo-shell", dbEnv("ODOO_DB_NAME", "postgres"), "--no-http");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("shell", "-c", h.runtimeDir.resolve("odoo-runtime.conf").toString(), "--no-http"),
                r.argv());
        assertTrue(r.config().contains("db_password = " + DB_SECRET));
    }
}
