package dev.odooimage.image;

import static dev.odooimage.image.ScriptHarness.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.odooimage.image.ScriptHarness.Result;

/**
 * The inputs a hostile operator tried on odoo-run (issue 21): each must end in one clear
 * message and exit code, never in a changed meaning, a traceback, a shown secret or an
 * endless wait.
 */
class OdooRunHostileInputScriptTest extends PostgresScriptTest {
    static final String LEAK = "leaked-Value-9";

    private Result refused(String script, Map<String, String> env, String expected, String... args) throws Exception {
        Result r = h.run(script, env, args);
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().contains(expected), "expected '" + expected + "' in: " + r.stderr());
        assertFalse(r.stderr().contains(LEAK), "a value is shown: " + r.stderr());
        assertFalse(r.stderr().contains("Traceback"), r.stderr());
        assertNull(r.odoo(), "Odoo must not start");
        return r;
    }

    private Result refusedBase(String content, String expected) throws Exception {
        Path base = h.file("deploy/odoo.conf", content);
        return refused("odoo-run", env("ODOO_BASE_CONFIG_FILE", base.toString()), base + " " + expected);
    }

    @Test
    void continuationLinesCannotSmuggleKeysOrSectionsIntoTheRenderedConfig() throws Exception {
        refusedBase("[options]\nsmtp_server = mail\n  admin_passwd = " + LEAK + "\n", "line 3: [options] smtp_server");
        refusedBase("[options]\nsmtp_server = mail\n\n\tdb_password = " + LEAK + "\n", "line 4: [options] smtp_server");
        refusedBase("[options]\ndb_name = x\n[queue_job]\nchannels = root:1\n  [options]\n  db_password = " + LEAK + "\n",
                "line 5: [queue_job] channels");
        Result r = refusedBase("[options]\nworkers = 2\n x = " + LEAK + "\n", "line 3");
        assertTrue(r.stderr().contains("one line"), r.stderr());
    }

    @Test
    void parseErrorsNameTheFileAndLineButNeverTheLineText() throws Exception {
        refusedBase("db_password = " + LEAK + "\n[options]\n", "line 1: no [section] header");
        refusedBase("[options]\ndb_name = x\nthis line has no equals " + LEAK + "\n", "line 3: not a");
        refusedBase("[options]\ndb_name = x\nDB_NAME = " + LEAK + "\n", "line 3: [options] db_name is set twice");
        refusedBase("[options]\ndb_name = x\n[options]\nworkers = " + LEAK + "\n", "line 3: [options] appears twice");
        // A link to a file of another kind: none of its lines is shown.
        Path other = h.file("etc/passwd", "root:x:0:0:" + LEAK + ":/root:/bin/bash\n");
        Path link = tmp.resolve("deploy/link.conf");
        Files.createSymbolicLink(link, other);
        refused("odoo-run", env("ODOO_BASE_CONFIG_FILE", link.toString()), link + " line 1: no [section] header");
        Path latin1 = h.file("deploy/latin1.conf", "");
        Files.write(latin1, "[options]\ndb_name = caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        refused("odoo-run", env("ODOO_BASE_CONFIG_FILE", latin1.toString()), latin1 + " line 2: not UTF-8 text");
    }

    @Test
    void theRenderedTextIsReadBackWithOdoosParserSettings() throws Exception {
        // Inputs are refused before rendering; this is the last line of defence behind them.
        String snippet = """
                import importlib.machinery, importlib.util, sys
                loader = importlib.machinery.SourceFileLoader("odoo_run", sys.argv[1])
                rt = importlib.util.module_from_spec(importlib.util.spec_from_loader("odoo_run", loader))
                loader.exec_module(rt)
                ok = [("options", {"db_name": "x", "workers": 2}), ("queue_job", {"channels": "root:1"})]
                rt.check_rendered("[options]\\ndb_name = x\\nworkers = 2\\n[queue_job]\\nchannels = root:1\\n", ok)
                for value in ("mail\\n  admin_passwd = %s" % sys.argv[2], "mail\\n[options]\\nx = 1"):
                    text = "[options]\\nsmtp_server = " + value + "\\n"
                    try:
                        rt.check_rendered(text, [("options", {"smtp_server": value})])
                        print("accepted")
                    except rt.RunError as e:
                        print(e)
                """;
        Process p = new ProcessBuilder(ScriptHarness.PYTHON, "-c", snippet, h.scripts.resolve("odoo-run").toString(), LEAK)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(List.of("the runtime config would not be read back as written ([options] smtp_server); check these"
                + " inputs", "the runtime config would not be read back as written (DuplicateSectionError); check the"
                + " inputs named above"), out.lines().toList());
        assertFalse(out.contains(LEAK), out);
    }

    @Test
    void defaultSectionKeysAreRefusedNotDropped() throws Exception {
        refusedBase("[DEFAULT]\nadmin_passwd = " + LEAK + "\n", "line 2: [DEFAULT] admin_passwd is not allowed");
        refusedBase("[options]\ndb_name = x\n[DEFAULT]\nworkers = 3\n", "line 4: [DEFAULT] workers");
    }

    @Test
    void unknownOdooVariablesAreErrorsThatSuggestTheRightName() throws Exception {
        refused("odoo-run", env("ODOO_ADMIN_PASSWORD", LEAK), "ODOO_ADMIN_PASSWORD is not a variable odoo-run knows;"
                + " did you mean ODOO_ADMIN_PASSWD?");
        refused("odoo-run", env("ODOO_DB_PASS", LEAK), "did you mean ODOO_DB_PASSWORD?");
        refused("odoo-run", env("ODOO_DB_PASSWORD_FLIE", "/run/secrets/x"), "did you mean ODOO_DB_PASSWORD_FILE?");
        refused("odoo-run", env("ODOO_SMTP_SERVER", "mail"), "ODOO_OPTION_SMTP_SERVER");
        // even where odoo-run renders nothing
        refused("odoo-run", env("ODOO_ADMIN_PASSWORD", LEAK), "did you mean", "--version");
    }

    @Test
    void everyOdooVariableLeavesOdoosEnvironmentExceptTheModuleSecretsFile() throws Exception {
        Path secrets = h.file("odpm/secrets.json", "{\"schema_version\": 1, \"secrets\": {}}");
        Result r = h.run("odoo-run", env("ODOO_DB_NAME", "x", "ODOO_WORKERS", "2", "ODOO_DB_WAIT_TIMEOUT", "0",
                "ODOO_INIT_MODULES", "sale", "ODOO_MODULE_SECRETS_FILE", secrets.toString(),
                "ODOO_OPTION_SMTP_SERVER", "mail", "ODOO_ADMIN_PASSWD", "adm-Secret-1"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("ODOO_MODULE_SECRETS_FILE"), r.odooEnv().keySet().stream()
                .filter(k -> k.startsWith("ODOO_")).toList());
    }

    @Test
    void withoutAMasterPasswordARandomOneIsGeneratedAndNeverShown() throws Exception {
        Result first = h.run("odoo-run", env());
        assertEquals(0, first.exit(), first.toString());
        String one = adminPasswd(first.config());
        assertTrue(one.length() >= 32, one);
        assertNotEquals("admin", one);
        assertFalse(first.stderr().contains(one), first.stderr());
        assertTrue(first.stderr().contains("admin_passwd (generated)"), first.stderr());
        assertTrue(first.stderr().contains("generated a random master password"), first.stderr());
        Result second = h.run("odoo-run", env());
        assertNotEquals(one, adminPasswd(second.config()), "a new one each start");
        Result given = h.run("odoo-run", env("ODOO_ADMIN_PASSWD_FILE", h.file("s/admin", "mine-Secret-1\n").toString()));
        assertEquals("mine-Secret-1", adminPasswd(given.config()));
        assertFalse(given.stderr().contains("generated"), given.stderr());
    }

    static String adminPasswd(String config) {
        Matcher m = Pattern.compile("(?m)^admin_passwd = (.*)$").matcher(config);
        assertTrue(m.find(), config);
        return m.group(1);
    }

    @Test
    void everySpellingOfTheConfigOptionIsRefusedBeforeAnyWait() throws Exception {
        int closed = ThrowAwayPostgres.freePort();
        Map<String, String> down = env("ODOO_DB_HOST", "127.0.0.1", "ODOO_DB_PORT", String.valueOf(closed),
                "ODOO_DB_WAIT_TIMEOUT", "5");
        for (List<String> args : List.of(List.of("-cX"), List.of("--conf=X"), List.of("--co", "X"), List.of("--c=X"),
                List.of("-sc", "X"), List.of("-scX"), List.of("--config", "X"), List.of("shell", "-cX"),
                List.of("-c", "X"))) {
            refused("odoo-run", down, "do not pass -c/--config", args.toArray(String[]::new));
        }
        Map<String, String> named = new java.util.HashMap<>(down);
        named.put("ODOO_DB_NAME", "x");
        refused("odoo-update", named, "odoo-update: error: do not pass -c/--config", "sale", "word", "--conf=X");
        Result r = h.run("odoo-run", env("ODOO_DB_WAIT_TIMEOUT", "0"), "-dcustomers", "--db-filter=^c");
        assertEquals(0, r.exit(), "-d takes the rest as its value: " + r);
        assertTrue(r.argv().contains("-dcustomers"), r.argv().toString());
    }

    @Test
    void theWaitTimeoutIsANonNegativeWholeNumber() throws Exception {
        int closed = ThrowAwayPostgres.freePort();
        for (String bad : List.of("-1", "1.5", "", " 5", "nan", "inf", "1e3")) {
            refused("odoo-run", env("ODOO_DB_HOST", "127.0.0.1", "ODOO_DB_PORT", String.valueOf(closed),
                    "ODOO_DB_WAIT_TIMEOUT", bad), "ODOO_DB_WAIT_TIMEOUT must be a whole number of seconds");
        }
    }

    @Test
    void theImageAddonsPathFileMustBeOneLine() throws Exception {
        Files.writeString(h.imageAddonsPath, "/opt/odoo/src/odoo/addons\nadmin_passwd = " + LEAK + "\n");
        refused("odoo-run", env(), h.imageAddonsPath + " must hold one line");
    }

    @Test
    void secretFilesThatWouldChangeMeaningOrCrashAreRefused() throws Exception {
        Path nul = h.file("s/nul", "");
        Files.write(nul, ("a" + LEAK + "\0b").getBytes(StandardCharsets.UTF_8));
        refused("odoo-run", env("ODOO_DB_PASSWORD_FILE", nul.toString()), "ODOO_DB_PASSWORD_FILE=" + nul
                + ": the secret contains a control character");
        Path latin1 = h.file("s/latin1", "");
        Files.write(latin1, (LEAK + "\u00e9").getBytes(StandardCharsets.ISO_8859_1));
        refused("odoo-run", env("ODOO_ADMIN_PASSWD_FILE", latin1.toString()), latin1 + " is not UTF-8 text");
        Path spaced = h.file("s/spaced", " " + LEAK + " \n");
        refused("odoo-run", env("ODOO_ADMIN_PASSWD_FILE", spaced.toString()),
                "ODOO_ADMIN_PASSWD_FILE=" + spaced + ": the secret begins or ends with white space");
        refused("odoo-run", env("ODOO_OPTION_SMTP_SERVER", "mail "), "ODOO_OPTION_SMTP_SERVER: the value begins or"
                + " ends with white space");
        Path empty = h.file("s/empty", "\n");
        refused("odoo-run", env("ODOO_ADMIN_PASSWD_FILE", empty.toString()),
                "ODOO_ADMIN_PASSWD_FILE=" + empty + ": the secret is empty");
        Path deep = h.file("odpm/deep.json", "[".repeat(200_000));
        refused("odoo-run", env("ODOO_MODULE_SECRETS_FILE", deep.toString()), "nested too deeply", "--version");
    }

    @Test
    void documentedOptionsCannotBeSetThroughTheGenericPrefix() throws Exception {
        refused("odoo-run", env("ODOO_OPTION_DB_NAME", "x"), "ODOO_OPTION_DB_NAME: set db_name with ODOO_DB_NAME");
        refused("odoo-run", env("ODOO_OPTION_DATA_DIR", "/x"), "ODOO_OPTION_DATA_DIR: set data_dir with ODOO_DATA_DIR");
        refused("odoo-run", env("ODOO_OPTION_ADMIN_PASSWD", LEAK), "set admin_passwd with ODOO_ADMIN_PASSWD_FILE");
    }

    @Test
    void scriptMessagesCarryTheirOwnNames() throws Exception {
        Result r = h.run("odoo-update", env("ODOO_DB_WAIT_TIMEOUT", "0"), "sale");
        assertTrue(r.stderr().startsWith("odoo-update: error: no database named"), r.stderr());
        r = h.run("odoo-init", env("ODOO_DB_WAIT_TIMEOUT", "0"));
        assertTrue(r.stderr().startsWith("odoo-init: error: no database named"), r.stderr());
        r = h.run("odoo-shell", env("ODOO_DB_PASS", "x"));
        assertTrue(r.stderr().startsWith("odoo-shell: error: ODOO_DB_PASS"), r.stderr());
    }
}
