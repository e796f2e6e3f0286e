package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.ContainerEngine;
import dev.odooimage.its.kit.GitDaemon;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.LocalRegistry;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Postgres;
import dev.odooimage.its.kit.Procs;
import dev.odooimage.its.kit.RealOdoo;
import dev.odooimage.its.kit.Skips;
import dev.odooimage.its.kit.TestBaseImage;

/**
 * A new user with real Odoo: the real Odoo 16.0 Community core ({@link RealOdoo}, committed on
 * branch 16.0 and served by git daemon), a 16.0 project generated from the archetype with its
 * defaults on the test base image (Debian bookworm, Python 3.11), and exactly the commands of
 * the generated README's "First build", run by bash with no {@code mvn} on the PATH. Then: the
 * Python lock keeps a setuptools with pkg_resources and says which file needs it; {@code
 * ./mvnw verify} passed odoo-init of base and /web/health, /web/login as uid 1000; and the
 * image initialises a real PostgreSQL database whose users an {@code odoo-shell} script reads.
 */
class RealOdooIT {

    @Test
    void readmeFirstBuildOnRealOdoo() throws Exception {
        Skips.require(RealOdoo.unavailableReason());
        Skips.require(TestBaseImage.unavailableReason());
        Path work = ItWork.dir(RealOdooIT.class, "real");
        long t0 = System.nanoTime(); // after ItWork cleared an earlier run's work directory
        RealOdoo odoo = RealOdoo.get();
        String head = odoo.repository(work.resolve("git"));
        long tRepo = System.nanoTime();
        TestBaseImage base = TestBaseImage.get();
        MavenRunner mvn = MavenRunner.fromSystemProperties();
        Map<String, Long> steps = new java.util.LinkedHashMap<>();
        try (GitDaemon git = GitDaemon.start(work.resolve("git")); LocalRegistry registry = LocalRegistry.start()) {
            LocalRegistry.Pushed pushed = base.pushTo(registry);
            Map<String, String> props = new HashMap<>(FreshProjectIT.baseProperties(base, pushed, registry));
            props.put("odooVersion", RealOdoo.SERIES);
            props.put(ArchetypeProject.KEEP_PACKAGE_DEFAULTS, "true"); // the defaults are what this test is about
            Path project = ArchetypeProject.generate(work, "real-odoo", props);
            FreshProjectIT.pointOdooAt(project, git.url("odoo"));

            String readme = Files.readString(project.resolve("README.md"));
            List<String> commands = NewcomerReadmeIT.commandsOf(readme, "## First build");
            assertEquals(List.of("git init", "./mvnw odoo:lock odoo:pin-base odoo:system-lock generate-resources -Dodoo.python.refresh",
                    "git add . && git commit -m \"Initial image repository with its locks\"", "./mvnw verify"),
                    commands, "the README's first build changed: update this test deliberately");
            Map<String, String> env = NewcomerReadmeIT.newcomerEnvironment(project, mvn);
            int step = 0;
            for (String command : commands) {
                step++;
                if (command.startsWith("./mvnw odoo:lock")) {
                    InstalledPlugin.require(List.of("lock", "pin-base", "system-lock", "check-lock", "aggregate",
                            "addons-path", "python-env"), List.of());
                } else if (command.startsWith("./mvnw verify")) {
                    InstalledPlugin.require(List.of("check-lock", "check-base", "aggregate", "addons-path",
                            "python-env", "verify", "smoke"), List.of(FreshProjectIT.EXTENSION));
                }
                long s0 = System.nanoTime();
                Procs.Result r = Procs.run(List.of("bash", "-euo", "pipefail", "-c", command), project, env, null,
                        Duration.ofMinutes(45), work.resolve("step-" + step + ".log"));
                steps.put(command, (System.nanoTime() - s0) / 1_000_000);
                assertEquals(0, r.exitCode(), "README step " + step + " `" + command + "` failed (log "
                        + work.resolve("step-" + step + ".log") + "):\n" + Procs.tail(r.output(), 80));
                if (command.startsWith("./mvnw odoo:lock")) {
                    assertTrue(r.output().contains("The sources need setuptools<81: odoo/odoo/modules/module.py:11"
                            + " imports pkg_resources"), "the re-lock says why:\n" + Procs.tail(r.output(), 80));
                }
            }

            assertTrue(Files.readString(project.resolve("repos.lock.yaml")).contains(head), "the real core is locked");
            String lock = Files.readString(project.resolve("requirements.lock.txt"));
            assertTrue(lock.matches("(?s).*\nsetuptools==([0-9]|[1-7][0-9]|80)\\.[^\n]*\n[^\n]*\n[^\n]*\n"
                    + "    # via [^\n]*odoo/odoo/modules/module\\.py.*"), "a setuptools that still ships pkg_resources,"
                    + " and the file that needs it:\n" + lock);
            // python-ldap (sdist only, C code) compiled in the builder container: the lock pins the sdist,
            // records the wheel's sha256 and the hash-pinned build requirements
            assertTrue(lock.matches("(?s).*\npython-ldap==[0-9.]+ \\\\\n    --hash=sha256:[0-9a-f]{64}\n"
                    + "    # compiled: python-ldap-[0-9.]+\\.tar\\.gz\n"
                    + "    # built-wheel: python_ldap-[0-9.]+-cp311-cp311-linux_x86_64\\.whl sha256:[0-9a-f]{64}\n"
                    + "    # build-requires: .*"), "python-ldap is built by the archetype's defaults:\n" + lock);
            String providers = Files.readString(project.resolve("target/odoo/system/library-providers.properties"));
            assertTrue(providers.contains("\nlibldap-2.5.so.0=libldap-2.5-0\n"), providers);
            String report = Files.readString(project.resolve("target/odoo/requirements.report.txt"));
            assertTrue(report.contains("odoo/odoo/modules/module.py:11  [imports pkg_resources"), report);

            JsonNode smoke = new ObjectMapper().readTree(project.resolve("target/odoo/smoke-report.json").toFile());
            Map<String, String> status = new HashMap<>();
            smoke.path("checks").forEach(c -> status.put(c.path("id").asText(), c.path("status").asText()));
            for (String id : List.of("odoo-version", "python-imports", "odoo-init", "odoo-init-refuses",
                    "server-user", "server-health", "server-login")) {
                assertEquals("pass", status.get(id), id + " in " + smoke.toPrettyString());
            }
            assertEquals("1000:1000", smoke.path("image").path("user").asText());
            // import ldap works in the image as uid 1000 (its C extension finds libldap from the package layer)
            smoke.path("checks").forEach(c -> {
                if (c.path("id").asText().equals("python-imports")) {
                    assertTrue(c.toString().contains("ok ldap"), c.toPrettyString());
                }
            });

            long s0 = System.nanoTime();
            assertShellReadsUsers(project.resolve("target/jib-image.tar"), work);
            steps.put("odoo-init + odoo-shell", (System.nanoTime() - s0) / 1_000_000);
        }
        System.err.printf("[RealOdooIT] repository %d ms (tarball sha256 %s), steps %s, total %d s%n",
                (tRepo - t0) / 1_000_000, odoo.sha256().substring(0, 16), steps, (System.nanoTime() - t0)
                        / 1_000_000_000);
    }

    /** odoo-init installs base into a real PostgreSQL; an odoo-shell script counts res.users. */
    private static void assertShellReadsUsers(Path tarball, Path work) throws Exception {
        try (ContainerEngine engine = ContainerEngine.detect().assumeAvailable();
                Postgres pg = Postgres.start(Postgres.Auth.PASSWORD, "*")) {
            String id = engine.load(tarball);
            Path secrets = Files.createDirectories(work.resolve("secrets"));
            Path pw = secrets.resolve("db_password");
            Files.writeString(pw, pg.appPassword() + "\n");
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));
            List<String> runtime = List.of("-v", secrets + ":/run/secrets:ro,Z",
                    "-e", "ODOO_DB_HOST=host.containers.internal", "-e", "ODOO_DB_PORT=" + pg.port(),
                    "-e", "ODOO_DB_USER=" + pg.appUser(), "-e", "ODOO_DB_PASSWORD_FILE=/run/secrets/db_password",
                    "-e", "ODOO_DB_NAME=real", "-e", "ODOO_DB_WAIT_TIMEOUT=60");
            List<String> init = new ArrayList<>(List.of("--entrypoint", "/usr/local/bin/odoo-init"));
            init.addAll(runtime);
            init.add(id);
            Procs.Result first = engine.runRm(init, Duration.ofMinutes(10));
            assertEquals(0, first.exitCode(), Procs.tail(first.output(), 60));
            assertEquals("installed", pg.psql("real", "SELECT state FROM ir_module_module WHERE name = 'base'"));

            List<String> shell = new ArrayList<>(List.of(engine.executable().toString(), "run", "--rm", "-i",
                    "--entrypoint", "/usr/local/bin/odoo-shell"));
            shell.addAll(runtime);
            shell.addAll(List.of(id, "--no-http", "--log-level=warn"));
            String script = "users = env['res.users'].search([])\n"
                    + "print('USERS=%d LOGINS=%s' % (len(users), ','.join(sorted(users.mapped('login')))))\n";
            Procs.Result r = Procs.run(shell, null, Map.of(), script, Duration.ofMinutes(5),
                    work.resolve("odoo-shell.log"));
            assertEquals(0, r.exitCode(), Procs.tail(r.output(), 60));
            String active = pg.psql("real", "SELECT count(*) FROM res_users WHERE active");
            String logins = pg.psql("real", "SELECT string_agg(login, ',' ORDER BY login) FROM res_users WHERE active");
            assertTrue(r.output().contains("USERS=" + active + " LOGINS=" + logins), "odoo-shell read the users the"
                    + " database holds (" + active + ": " + logins + "):\n" + Procs.tail(r.output(), 40));
            assertTrue(logins.contains("admin"), logins);
        }
    }
}
