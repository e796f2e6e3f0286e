package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.Addon;
import dev.odooimage.its.kit.FixtureOdoo;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.Ports;
import dev.odooimage.its.kit.Postgres;
import dev.odooimage.its.kit.Procs;

/**
 * The fixture "odoo" is an honest stand-in: it talks to a real PostgreSQL (modules and their
 * dependencies recorded in ir_module_module), serves real HTTP, and fails the way Odoo fails.
 * Runs on the host with /usr/bin/python3 and Debian's python3-psycopg2.
 */
class FixtureOdooIT {

    static Path work;
    static GitFixtures fixtures;
    static Postgres pg;
    static FixtureOdoo odoo;
    static Path ocaTools;
    static Path customerRoot;

    @BeforeAll
    static void setUp() {
        // python3-psycopg2 and postgresql are required test packages: missing means fail, not skip
        assertNull(FixtureOdoo.unavailableReason(), FixtureOdoo.unavailableReason());
        assertNull(Postgres.unavailableReason(), Postgres.unavailableReason());
        work = ItWork.dir(FixtureOdooIT.class, "run");
        fixtures = GitFixtures.create(work.resolve("repos"));
        fixtures.addonRepo("broken", Addon.of("broken_addon", "base").withInit("import not_a_module_kit\n"),
                Addon.of("needs_lib", "base").withPython("kit_no_such_distribution"));
        odoo = FixtureOdoo.checkout(fixtures.fileUrl(GitFixtures.ODOO), "17.0", work.resolve("src/odoo"));
        ocaTools = FixtureOdoo.clone(fixtures.fileUrl(GitFixtures.OCA_TOOLS), "17.0", work.resolve("src/oca-tools"));
        // a repository whose root is the addon is mounted under a directory named like the addon
        customerRoot = work.resolve("src/customer");
        FixtureOdoo.clone(fixtures.fileUrl(GitFixtures.CUSTOMER_ADDON), "17.0", customerRoot.resolve("customer_addon"));
        FixtureOdoo.clone(fixtures.fileUrl("broken"), "17.0", work.resolve("src/broken"));
        pg = Postgres.start(Postgres.Auth.PASSWORD, "127.0.0.1");
    }

    @AfterAll
    static void tearDown() {
        if (pg != null) {
            pg.close();
        }
    }

    private List<Path> fullPath() {
        return List.of(odoo.dir().resolve("odoo/addons"), odoo.dir().resolve("addons"), ocaTools, customerRoot);
    }

    private Path config(String name, String db, int port, List<Path> addons) {
        return FixtureOdoo.writeConfig(work.resolve("conf/" + name + ".conf"), pg, db, port, addons,
                work.resolve("data/" + name));
    }

    private Procs.Result odoo(String log, String... args) {
        return odoo.run(List.of(args), null, work.resolve("logs/" + log + ".log"));
    }

    @Test
    void versionFollowsTheSeriesOfTheFixture() {
        assertEquals("Odoo Server 17.0", odoo("version", "--version").output().strip());
        GitFixtures sixteen = GitFixtures.create(work.resolve("repos-16"), "16.0");
        FixtureOdoo old = FixtureOdoo.checkout(sixteen.fileUrl(GitFixtures.ODOO), "16.0", work.resolve("src/odoo-16"));
        Procs.Result r = old.run(List.of("--version"), null, work.resolve("logs/version-16.log"));
        assertEquals(0, r.exitCode(), r.output());
        assertEquals("Odoo Server 16.0", r.output().strip());
    }

    @Test
    void installRecordsModulesAndTheirDependenciesInPostgres() {
        Path conf = config("install", "install_db", 8069, fullPath());
        assertFalse(pg.databaseExists("install_db"));
        Procs.Result r = odoo("install", "-c", conf.toString(), "-d", "install_db", "-i", "customer_addon",
                "--without-demo=all", "--stop-after-init");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(pg.databaseExists("install_db"), "odoo-bin -d creates a missing database, like Odoo");
        // customer_addon -> web, tools_base -> base; web is also auto_install
        assertEquals("base\ncustomer_addon\ntools_base\nweb", pg.psql("install_db",
                "SELECT name FROM ir_module_module WHERE state = 'installed' ORDER BY name"));
        assertEquals("tools_report\ntools_web", pg.psql("install_db",
                "SELECT name FROM ir_module_module WHERE state = 'uninstalled' AND name LIKE 'tools%' ORDER BY name"));
        assertEquals("f", pg.psql("install_db", "SELECT bool_or(demo) FROM ir_module_module WHERE state = 'installed'"));
        assertEquals("17.0.1.0.0", pg.psql("install_db",
                "SELECT latest_version FROM ir_module_module WHERE name = 'customer_addon'"));
        assertTrue(Files.isDirectory(work.resolve("data/install/filestore/install_db")));

        Procs.Result update = odoo("update", "-c", conf.toString(), "-d", "install_db", "-u", "tools_base",
                "--stop-after-init");
        assertEquals(0, update.exitCode(), update.output());
        assertTrue(update.output().contains("module tools_base: upgraded"), update.output());

        Procs.Result more = odoo("install-more", "-c", conf.toString(), "-d", "install_db", "-i", "tools_web",
                "--stop-after-init");
        assertEquals(0, more.exitCode(), more.output());
        assertEquals("installed", pg.psql("install_db", "SELECT state FROM ir_module_module WHERE name = 'tools_web'"));
    }

    @Test
    void shellRunsCodeFromStdinWithAnEnvironment() {
        Path conf = config("shell", "shell_db", 8069, fullPath());
        assertEquals(0, odoo("shell-init", "-c", conf.toString(), "-d", "shell_db", "-i", "tools_base",
                "--stop-after-init").exitCode());
        Procs.Result r = odoo.run(List.of("shell", "-c", conf.toString(), "-d", "shell_db", "--log-level=warn"),
                "mods = env['ir.module.module'].search_read([('state', '=', 'installed')], ['name'])\n"
                        + "print('INSTALLED', ','.join(sorted(m['name'] for m in mods)))\n"
                        + "env.cr.execute('CREATE TABLE shell_mark (x int)')\n"
                        + "env.cr.commit()\n",
                work.resolve("logs/shell.log"));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("INSTALLED base,tools_base,web"), r.output());
        assertEquals("1", pg.psql("shell_db", "SELECT count(*) FROM pg_class WHERE relname = 'shell_mark'"));
    }

    @Test
    void missingDependencyOnTheAddonsPathFailsLikeOdoo() {
        Path conf = config("missing-dep", "missing_dep_db", 8069,
                List.of(odoo.dir().resolve("addons"), customerRoot));
        Procs.Result r = odoo("missing-dep", "-c", conf.toString(), "-d", "missing_dep_db", "-i", "customer_addon",
                "--stop-after-init");
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("You try to install module 'customer_addon' that depends on module 'tools_base'."),
                r.output());
        assertTrue(r.output().contains("But the latter module is not available in your system."), r.output());
        assertTrue(r.output().contains("Failed to initialize database `missing_dep_db`."), r.output());
        assertEquals("0", pg.psql("missing_dep_db",
                "SELECT count(*) FROM pg_class WHERE relname = 'ir_module_module'"), "nothing committed on failure");
    }

    @Test
    void unknownModuleFails() {
        Path conf = config("unknown", "unknown_db", 8069, fullPath());
        Procs.Result r = odoo("unknown", "-c", conf.toString(), "-d", "unknown_db", "-i", "no_such_addon",
                "--stop-after-init");
        assertEquals(255, r.exitCode(), r.output());
        assertTrue(r.output().contains("invalid module names, ignored: no_such_addon"), r.output());
    }

    @Test
    void brokenAddonImportAndMissingExternalDependencyFailLoudly() {
        List<Path> path = List.of(odoo.dir().resolve("addons"), work.resolve("src/broken"));
        Path conf = config("broken", "broken_db", 8069, path);
        Procs.Result r = odoo("broken", "-c", conf.toString(), "-d", "broken_db", "-i", "broken_addon",
                "--stop-after-init");
        assertEquals(255, r.exitCode(), r.output());
        assertTrue(r.output().contains("ModuleNotFoundError: No module named 'not_a_module_kit'"), r.output());

        Procs.Result lib = odoo("needs-lib", "-c", conf.toString(), "-d", "broken_db", "-i", "needs_lib",
                "--stop-after-init");
        assertEquals(255, lib.exitCode(), lib.output());
        assertTrue(lib.output().contains("Unable to install module \"needs_lib\" because an external dependency "
                + "is not met: No package matching kit_no_such_distribution could be found"), lib.output());
    }

    @Test
    void invalidAddonsPathOnTheCommandLineIsRejected() {
        Procs.Result r = odoo("bad-path", "--addons-path=" + work.resolve("nowhere"), "--stop-after-init");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("option --addons-path: no such directory: '" + work.resolve("nowhere") + "'"),
                r.output());
        Procs.Result notAddons = odoo("not-addons", "--addons-path=" + work.resolve("conf"), "--stop-after-init");
        assertEquals(2, notAddons.exitCode(), notAddons.output());
        assertTrue(notAddons.output().contains("is not a valid addons directory"), notAddons.output());
    }

    @Test
    void unreachableDatabaseFailsWithThePsycopg2Error() {
        int closed = Ports.free();
        Procs.Result r = odoo("unreachable", "-c", config("unreachable", "x", 8069, fullPath()).toString(),
                "--db_port", String.valueOf(closed), "-d", "unreachable_db", "-i", "base", "--stop-after-init");
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("psycopg2.OperationalError"), r.output());
        assertTrue(r.output().contains("port " + closed + " failed: Connection refused"), r.output());
    }

    @Test
    void wrongPasswordAndThePostgresRoleAreRefused() {
        Path conf = config("wrong-password", "pw_db", 8069, fullPath());
        Procs.Result r = odoo("wrong-password", "-c", conf.toString(), "-w", "not-the-password", "-d", "pw_db",
                "-i", "base", "--stop-after-init");
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("password authentication failed for user \"odoo\""), r.output());
        assertFalse(r.output().contains(pg.appPassword()), "the password never shows in the output");

        Procs.Result su = odoo("postgres-user", "-c", conf.toString(), "-r", "postgres", "-d", "pw_db",
                "--stop-after-init");
        assertEquals(1, su.exitCode(), su.output());
        assertTrue(su.output().contains("Using the database user 'postgres' is a security risk, aborting."),
                su.output());
    }

    @Test
    void serverAnswersHealthAndRedirectsWebToLogin() throws Exception {
        int port = Ports.free();
        Path conf = config("server", "server_db", port, fullPath());
        assertEquals(0, odoo("server-init", "-c", conf.toString(), "-d", "server_db", "-i", "web",
                "--stop-after-init").exitCode());
        Path log = work.resolve("logs/server.log");
        Process server = odoo.start(List.of("-c", conf.toString(), "-d", "server_db"), log);
        try {
            assertTrue(Ports.await(Duration.ofSeconds(30), () -> !server.isAlive() || Ports.accepts(port)));
            assertTrue(server.isAlive(), () -> read(log));
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> health = http.send(get(port, "/web/health"), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals("{\"status\": \"pass\"}", health.body());
            assertTrue(health.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

            HttpResponse<String> web = http.send(get(port, "/web"), HttpResponse.BodyHandlers.ofString());
            assertEquals(303, web.statusCode());
            assertEquals("/web/login", web.headers().firstValue("Location").orElse(""));

            HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<String> login = following.send(get(port, "/web"), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode());
            assertEquals("/web/login", login.uri().getPath());
            assertTrue(login.body().contains("oe_login_form"), login.body());

            assertEquals(404, http.send(get(port, "/nope"), HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            server.destroy();
            assertTrue(server.waitFor(20, TimeUnit.SECONDS), "SIGTERM stops the server");
        }
        assertTrue(read(log).contains("HTTP service (werkzeug) running on 127.0.0.1:" + port), read(log));
        assertTrue(Files.isDirectory(work.resolve("data/server/sessions")));
    }

    @Test
    void serverWithUnreachableDatabaseDoesNotStart() {
        int port = Ports.free();
        Path conf = config("server-nodb", "server_nodb", port, fullPath());
        Procs.Result r = odoo("server-nodb", "-c", conf.toString(), "--db_port", String.valueOf(Ports.free()));
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("psycopg2.OperationalError"), r.output());
        assertFalse(Ports.accepts(port));
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .GET().build();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
