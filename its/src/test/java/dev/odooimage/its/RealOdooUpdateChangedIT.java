package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

import dev.odooimage.its.kit.Addon;
import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.ContainerEngine;
import dev.odooimage.its.kit.GitDaemon;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.LocalRegistry;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Postgres;
import dev.odooimage.its.kit.Procs;
import dev.odooimage.its.kit.RealOdoo;
import dev.odooimage.its.kit.Skips;
import dev.odooimage.its.kit.TestBaseImage;

/**
 * {@code odoo-update --changed} with the real Odoo 16.0 core: two images of one project that
 * differ in one addon of a customer repository. A database initialised from the first (odoo-init
 * of base and both customer addons, then {@code --changed}, which records the digests), updated
 * with the second, gets exactly that addon updated: our log names it, Odoo's log shows the
 * upgrade of "Acme Two" and "Loading module" (INFO only for updated modules in Odoo 16) for it
 * and no other module, its {@code latest_version} moves and no other module's does. A second run with
 * the same image starts no Odoo.
 */
class RealOdooUpdateChangedIT {

    @Test
    void changedUpdatesExactlyTheAddonThatDiffers() throws Exception {
        Skips.require(RealOdoo.unavailableReason());
        Skips.require(TestBaseImage.unavailableReason());
        Path work = ItWork.dir(RealOdooUpdateChangedIT.class, "changed");
        RealOdoo odoo = RealOdoo.get();
        odoo.repository(work.resolve("git"));
        GitFixtures fx = new GitFixtures(work.resolve("git"), RealOdoo.SERIES);
        fx.addonRepo("acme", Addon.of("acme_one", "base"), Addon.of("acme_two", "base"));
        TestBaseImage base = TestBaseImage.get();
        MavenRunner mvn = MavenRunner.fromSystemProperties();
        try (GitDaemon git = GitDaemon.start(work.resolve("git")); LocalRegistry registry = LocalRegistry.start();
                ContainerEngine engine = ContainerEngine.detect().assumeAvailable();
                Postgres pg = Postgres.start(Postgres.Auth.PASSWORD, "*")) {
            LocalRegistry.Pushed pushed = base.pushTo(registry);
            Map<String, String> props = new HashMap<>(FreshProjectIT.baseProperties(base, pushed, registry));
            props.put("odooVersion", RealOdoo.SERIES);
            Path project = ArchetypeProject.generate(work, "acme-odoo", props);
            FreshProjectIT.pointOdooAt(project, git.url("odoo"));
            Files.writeString(project.resolve("repos.yaml"), Files.readString(project.resolve("repos.yaml"))
                    + "\n./acme:\n  remotes:\n    acme: " + git.url("acme") + "\n  merges:\n    - acme "
                    + RealOdoo.SERIES + "\n  target: acme " + RealOdoo.SERIES + "\n");
            // What real Odoo 16 needs on Python 3.11 (fixtures/README.md): pkg_resources, no python-ldap.
            Files.writeString(project.resolve("requirements.in"), "setuptools<81\n", java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(project.resolve("requirements-overrides.in"), "!python-ldap\n",
                    java.nio.file.StandardOpenOption.APPEND);

            mvn.run(project, work.resolve("locks.log"), "odoo:lock", "odoo:pin-base", "generate-resources",
                    "-Dodoo.python.refresh").assertSuccess();
            mvn.run(project, work.resolve("package-1.log"), "package", "-Djib.allowInsecureRegistries=true")
                    .assertSuccess();
            List<String> digests1 = Files.readAllLines(project.resolve("target/odoo/addons.digests"));
            String image1 = engine.load(project.resolve("target/jib-image.tar"));

            fx.commit("acme", RealOdoo.SERIES, Map.of("acme_two/__manifest__.py",
                    Addon.of("acme_two", "base").manifest(RealOdoo.SERIES).replace("'16.0.1.0.0'", "'16.0.1.0.1'"),
                    "acme_two/models/acme_two.py", "# Changed in the second release.\nADDON = 'acme_two'\n"),
                    "[IMP] acme_two");
            mvn.run(project, work.resolve("relock.log"), "odoo:lock", "-Dodoo.repos.refresh=./acme").assertSuccess();
            mvn.run(project, work.resolve("package-2.log"), "package", "-Djib.allowInsecureRegistries=true")
                    .assertSuccess();
            List<String> digests2 = Files.readAllLines(project.resolve("target/odoo/addons.digests"));
            String image2 = engine.load(project.resolve("target/jib-image.tar"));
            List<String> moved = new ArrayList<>();
            for (int i = 0; i < digests1.size(); i++) {
                if (!digests1.get(i).equals(digests2.get(i))) {
                    moved.add(digests2.get(i).split(" ")[0]);
                }
            }
            assertEquals(digests1.size(), digests2.size());
            assertEquals(List.of("acme_two"), moved, "the two images differ in acme_two only");

            Path secrets = Files.createDirectories(work.resolve("secrets"));
            Files.writeString(secrets.resolve("db_password"), pg.appPassword());
            Files.setPosixFilePermissions(secrets.resolve("db_password"), PosixFilePermissions.fromString("r--r--r--"));
            List<String> runtime = List.of("-v", secrets + ":/run/secrets:ro", "-e", "ODOO_DB_HOST=host.containers.internal",
                    "-e", "ODOO_DB_PORT=" + pg.port(), "-e", "ODOO_DB_USER=" + pg.appUser(),
                    "-e", "ODOO_DB_PASSWORD_FILE=/run/secrets/db_password", "-e", "ODOO_DB_NAME=real",
                    "-e", "ODOO_DB_WAIT_TIMEOUT=60");

            Procs.Result init = run(engine, "odoo-init", runtime, image1, work, "init", "-i", "base,acme_one,acme_two");
            assertEquals(0, init.exitCode(), Procs.tail(init.output(), 60));
            Procs.Result record = run(engine, "odoo-update", runtime, image1, work, "record", "--changed");
            assertEquals(0, record.exitCode(), Procs.tail(record.output(), 60));
            assertTrue(record.output().contains("no addon digests recorded in database real yet: recording"),
                    record.output());
            assertEquals("16.0.1.0.0", pg.psql("real", "SELECT latest_version FROM ir_module_module WHERE name = 'acme_two'"));
            // Odoo's own -u refreshes every module's manifest data (update_list), so write_date
            // moves for all; what an update of a module changes is its latest_version.
            String untouched = "SELECT string_agg(name || '@' || latest_version, ',' ORDER BY name)"
                    + " FROM ir_module_module WHERE state = 'installed' AND name <> 'acme_two'";
            String before = pg.psql("real", untouched);

            Procs.Result update = run(engine, "odoo-update", runtime, image2, work, "update", "--changed");
            assertEquals(0, update.exitCode(), Procs.tail(update.output(), 80));
            String out = update.output();
            assertTrue(out.contains("updating 1 changed module(s) in database real: acme_two"), Procs.tail(out, 80));
            assertTrue(out.contains("module.button_upgrade on ['Acme Two']"), Procs.tail(out, 80));
            // Odoo 16 logs "Loading module X (i/n)" at INFO only for the modules it updates.
            List<String> updatedByOdoo = out.lines().filter(l -> l.contains("odoo.modules.loading: Loading module "))
                    .map(l -> l.replaceAll(".*Loading module (\\S+) \\(.*", "$1")).toList();
            assertEquals(List.of("acme_two"), updatedByOdoo, "Odoo updated acme_two and nothing else");
            assertEquals("16.0.1.0.1", pg.psql("real", "SELECT latest_version FROM ir_module_module WHERE name = 'acme_two'"));
            assertEquals(before, pg.psql("real", untouched), "no other module was updated");
            assertFalse(out.contains(pg.appPassword()), "the password is never logged");

            Procs.Result again = run(engine, "odoo-update", runtime, image2, work, "again", "--changed");
            assertEquals(0, again.exitCode(), Procs.tail(again.output(), 40));
            assertTrue(again.output().contains("no installed module changed in database real: nothing to update"),
                    again.output());
            assertFalse(again.output().contains("odoo.modules.loading"), "Odoo did not run");
        }
    }

    private static Procs.Result run(ContainerEngine engine, String command, List<String> runtime, String image,
            Path work, String log, String... args) {
        List<String> cmd = new ArrayList<>(List.of(engine.executable().toString(), "run", "--rm", "--entrypoint",
                "/usr/local/bin/" + command));
        cmd.addAll(runtime);
        cmd.add(image);
        cmd.addAll(List.of(args));
        return Procs.run(cmd, null, Map.of(), null, Duration.ofMinutes(15), work.resolve(log + ".log"));
    }
}
