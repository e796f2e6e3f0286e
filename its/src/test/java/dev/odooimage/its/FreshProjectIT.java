package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.GitDaemon;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.LocalRegistry;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Skips;
import dev.odooimage.its.kit.TestBaseImage;

/**
 * A project generated with the archetype's defaults, pointed at the git-daemon fixtures and
 * the test base image by archetype properties only (the one file edit: the Odoo URL in
 * repos.yaml), goes lock -> pin-base -> Python lock (the documented
 * {@code generate-resources -Dodoo.python.refresh}: it materializes the locked sources first)
 * -> package -> verify.
 */
class FreshProjectIT {
    static final String EXTENSION = "dev.odooimage.image.OdooJibExtension";

    @Test
    void defaultsProjectGoesFromLocksToAVerifiedImage() throws Exception {
        Skips.require(TestBaseImage.unavailableReason());
        Path work = ItWork.dir(FreshProjectIT.class, "fresh");
        GitFixtures fixtures = GitFixtures.create(work.resolve("git"));
        TestBaseImage base = TestBaseImage.get();
        MavenRunner mvn = MavenRunner.fromSystemProperties();
        try (GitDaemon git = GitDaemon.start(fixtures.root()); LocalRegistry registry = LocalRegistry.start()) {
            LocalRegistry.Pushed pushed = base.pushTo(registry);
            Path project = ArchetypeProject.generate(work, "acme-odoo", baseProperties(base, pushed, registry));
            pointOdooAt(project, git.url(GitFixtures.ODOO));

            mvn.run(project, work.resolve("lock.log"), "odoo:lock").assertSuccess();
            String lock = Files.readString(project.resolve("repos.lock.yaml"));
            assertTrue(lock.contains(fixtures.head(GitFixtures.ODOO, "17.0")), lock);

            mvn.run(project, work.resolve("pin-base.log"), "odoo:pin-base").assertSuccess();
            assertTrue(Files.readString(project.resolve("pom.xml"))
                    .contains("<odoo.base.image>" + pushed.reference() + "@" + pushed.digest() + "</odoo.base.image>"));

            InstalledPlugin.require(List.of("aggregate", "addons-path", "python-env"), List.of());
            MavenRunner.Result pyLockRun = mvn.run(project, work.resolve("python-lock.log"), "generate-resources",
                    "-Dodoo.python.refresh").assertSuccess();
            assertAutoResolved(base, project, pyLockRun.output());
            // what the build read, printed; and again with -o: from the cache keyed by the digest
            for (String mode : List.of("online", "offline")) {
                MavenRunner.Result info = mvn.run(project, work.resolve("base-info-" + mode + ".log"),
                        mode.equals("offline") ? new String[] {"-o", "odoo:base-info"} : new String[] {"odoo:base-info"})
                        .assertSuccess();
                info.assertOutputContains("soabi " + base.info().getProperty("python.soabi"))
                        .assertOutputContains("debian 12 bookworm")
                        .assertOutputContains("odoo=" + TestBaseImage.ODOO_UID + ":" + TestBaseImage.ODOO_UID)
                        .assertOutputContains("odoo.python.glibc        auto -> 2.36");
            }
            String pyLock = Files.readString(project.resolve("requirements.lock.txt"));
            assertTrue(pyLock.contains("psycopg2-binary==2.9.9"), "the archetype's default override applies:\n" + pyLock);
            assertTrue(pyLock.contains("--hash=sha256:"), pyLock);

            InstalledPlugin.require(List.of("check-lock", "check-base", "aggregate", "addons-path", "python-env",
                    "verify", "smoke"), List.of(EXTENSION));
            mvn.run(project, work.resolve("verify.log"), "verify", "-Djib.allowInsecureRegistries=true")
                    .assertSuccess();
            Path tar = project.resolve("target/jib-image.tar");
            assertTrue(Files.size(tar) > 0, tar + " was built");
        }
    }

    /**
     * The archetype properties that point at the test base image (Debian bookworm, Debian's python3):
     * the image only; its Python version, interpreter, platform and glibc stay {@code auto}, read from
     * the image by the build. {@code debianRelease} only names the image tag.
     */
    static Map<String, String> baseProperties(TestBaseImage base, LocalRegistry.Pushed pushed, LocalRegistry registry) {
        return Map.of("baseImage", pushed.reference(), "debianRelease", TestBaseImage.SUITE,
                "registry", registry.host() + "/clients");
    }

    /** What the build must have read from the test base image, from the facts the kit recorded when building it. */
    static void assertAutoResolved(TestBaseImage base, Path project, String log) throws Exception {
        String pom = Files.readString(project.resolve("pom.xml"));
        for (String p : List.of("version", "interpreter", "platform", "glibc")) {
            assertTrue(pom.contains("<odoo.python." + p + ">auto</odoo.python." + p + ">"), pom);
        }
        String[] v = base.pythonVersion().split("\\.");
        String expected = "cpython " + v[0] + "." + v[1] + " /usr/bin/python" + v[0] + "." + v[1] + " linux "
                + base.info().getProperty("python.platform").replace("linux-", "");
        assertTrue(log.contains("Python target read from base image") && log.contains(expected), expected
                + " in:\n" + log);
    }

    /** The one file edit the scenario allows: repos.yaml's Odoo remote URL. */
    static void pointOdooAt(Path project, String url) throws Exception {
        Path repos = project.resolve("repos.yaml");
        String text = Files.readString(repos);
        assertTrue(text.contains("odoo: https://github.com/odoo/odoo.git"), text);
        Files.writeString(repos, text.replace("odoo: https://github.com/odoo/odoo.git", "odoo: " + url));
    }
}
