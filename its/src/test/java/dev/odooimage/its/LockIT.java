package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.GitDaemon;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.repos.HttpGitServer;

/**
 * odoo:lock and odoo:check-lock on a generated client project, through real Maven processes,
 * against the fixture repositories served by a real git daemon: the lock pins the fixture
 * heads, check-lock (phase validate) fails with the fix command once repos.yaml changes and
 * passes after odoo:lock, which keeps the SHAs that were already locked.
 */
class LockIT {

    @Test
    void lockThenCheckLockGuardsEveryBuild() throws Exception {
        Path work = ItWork.dir(LockIT.class, "lock");
        GitFixtures git = GitFixtures.create(work.resolve("git"));
        try (GitDaemon daemon = GitDaemon.start(git.root())) {
            Path project = ArchetypeProject.generate(work, "lock-it", Map.of());
            // The base image pin is PinBaseIT's subject; these projects keep the archetype's tag.
            MavenRunner mvn = MavenRunner.fromSystemProperties().withArgs("-Dodoo.base.allowUnpinned");
            Path reposYaml = project.resolve("repos.yaml");
            Path lock = project.resolve("repos.lock.yaml");
            String intent = """
                    # the operator's file: comments and order are never rewritten
                    ./odoo:
                      remotes:
                        odoo: %s
                      merges:
                        - odoo 17.0
                        - odoo 17.0-hotfix
                      target: odoo 17.0
                    ./oca/tools:
                      remotes:
                        oca: %s
                      merges:
                        - oca 17.0
                    """.formatted(daemon.url(GitFixtures.ODOO), daemon.url(GitFixtures.OCA_TOOLS));
            Files.writeString(reposYaml, intent);
            Files.deleteIfExists(lock);

            // No lock yet: every build stops at validate and says what to run.
            mvn.run(project, work.resolve("1-validate-no-lock.log"), "validate").assertFailure()
                    .assertOutputContains("Run mvn odoo:lock");

            mvn.run(project, work.resolve("2-lock.log"), "odoo:lock").assertSuccess()
                    .assertOutputContains("0 kept, 3 added, 0 refreshed, 0 removed");
            String p = git.head(GitFixtures.ODOO, "17.0");
            String h = git.head(GitFixtures.ODOO, "17.0-hotfix");
            String t = git.head(GitFixtures.OCA_TOOLS, "17.0");
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("odoo 17.0", p);
            expected.put("odoo 17.0-hotfix", h);
            expected.put("oca 17.0", t);
            assertEquals(expected, pins(lock));
            assertEquals(intent, Files.readString(reposYaml), "repos.yaml is never rewritten");

            mvn.run(project, work.resolve("3-validate.log"), "validate").assertSuccess()
                    .assertOutputContains("repos.lock.yaml agrees with repos.yaml");

            // The operator adds a repository while upstream moves on.
            String moved = git.commit(GitFixtures.ODOO, "17.0", Map.of("MOVED", "after locking\n"), "[IMP] moved");
            Files.writeString(reposYaml, intent + """
                    ./customer:
                      remotes:
                        customer: %s
                      merges:
                        - customer 17.0
                    """.formatted(daemon.url(GitFixtures.CUSTOMER_ADDON)));
            byte[] lockBefore = Files.readAllBytes(lock);
            mvn.run(project, work.resolve("4-validate-changed.log"), "validate").assertFailure()
                    .assertOutputContains("+ ./customer: aggregate not in the lock")
                    .assertOutputContains("Fix: run mvn odoo:lock");
            assertArrayEquals(lockBefore, Files.readAllBytes(lock), "check-lock never writes the lock");
            mvn.run(project, work.resolve("4b-validate-skip.log"), "validate", "-Dodoo.checkLock.skip").assertSuccess()
                    .assertOutputContains("odoo.checkLock.skip is set");
            // A first-release name is refused with its new name, not silently ignored.
            mvn.run(project, work.resolve("4c-validate-old-name.log"), "validate", "-Dodoo.skipCheckLock")
                    .assertFailure().assertOutputContains("-Dodoo.skipCheckLock is now -Dodoo.checkLock.skip");

            mvn.run(project, work.resolve("5-lock-again.log"), "odoo:lock").assertSuccess()
                    .assertOutputContains("3 kept, 1 added, 0 refreshed, 0 removed");
            expected.put("customer 17.0", git.head(GitFixtures.CUSTOMER_ADDON, "17.0"));
            assertEquals(expected, pins(lock), "conservative: odoo 17.0 stays on " + p + ", not " + moved);
            mvn.run(project, work.resolve("6-validate-ok.log"), "validate").assertSuccess();

            // Narrowest refresh moves exactly one merge.
            mvn.run(project, work.resolve("7-refresh-merge.log"), "odoo:lock", "-Dodoo.repos.refreshMerge=./odoo odoo 17.0")
                    .assertSuccess().assertOutputContains("3 kept, 0 added, 1 refreshed, 0 removed");
            expected.put("odoo 17.0", moved);
            assertEquals(expected, pins(lock));

            // A remote that went away: bounded retry, clear error, lock untouched.
            byte[] locked = Files.readAllBytes(lock);
            daemon.kill();
            MavenRunner.Result down = mvn.run(project, work.resolve("8-remote-down.log"), "odoo:lock",
                    "-Dodoo.repos.refreshAll", "-Dodoo.repos.lsRemoteAttempts=2").assertFailure()
                    .assertOutputContains("cannot list refs of " + daemon.url(GitFixtures.ODOO) + " (2 attempts)");
            assertTrue(down.output().contains("aggregate ./odoo, merge 'odoo 17.0'"), down.output());
            assertArrayEquals(locked, Files.readAllBytes(lock));
        }
    }

    /**
     * A private https-like remote (Basic auth): odoo:lock finds the token in the settings.xml
     * server whose id is the host, decrypted by Maven; it never reaches the output or the lock.
     */
    @Test
    void privateRemoteUsesTheSettingsServerOfItsHost() throws Exception {
        Path work = ItWork.dir(LockIT.class, "private");
        GitFixtures git = GitFixtures.create(work.resolve("git"));
        String token = "glpat-LockIT-0123456789-secret";
        try (HttpGitServer http = new HttpGitServer(git.root(), "deploy", token)) {
            Path project = ArchetypeProject.generate(work, "private-it", Map.of());
            Files.writeString(project.resolve("repos.yaml"), """
                    ./customer:
                      remotes:
                        customer: %s
                      merges:
                        - customer 17.0
                    """.formatted(http.url(GitFixtures.CUSTOMER_ADDON + ".git")));
            // The base image pin is PinBaseIT's subject; these projects keep the archetype's tag.
            MavenRunner mvn = MavenRunner.fromSystemProperties().withArgs("-Dodoo.base.allowUnpinned");

            MavenRunner.Result anonymous = mvn.run(project, work.resolve("1-lock-no-credentials.log"), "odoo:lock")
                    .assertFailure().assertOutputContains("<id>127.0.0.1:"
                            + java.net.URI.create(http.url(GitFixtures.CUSTOMER_ADDON + ".git")).getPort() + "</id>");
            assertFalse(Files.exists(project.resolve("repos.lock.yaml")));
            assertFalse(anonymous.output().contains(token));

            // Maven's own password encryption: settings-security.xml holds the master password.
            Path security = work.resolve("settings-security.xml");
            String master = mvn.run(project, work.resolve("2-encrypt-master.log"), "--encrypt-master-password",
                    "master-of-LockIT").assertSuccess().output().lines().filter(l -> l.startsWith("{"))
                    .findFirst().orElseThrow();
            Files.writeString(security, "<settingsSecurity><master>" + master + "</master></settingsSecurity>\n");
            String encrypted = mvn.run(project, work.resolve("3-encrypt.log"), "-Dsettings.security=" + security,
                    "--encrypt-password", token).assertSuccess().output().lines().filter(l -> l.startsWith("{"))
                    .findFirst().orElseThrow();
            Path settings = work.resolve("settings.xml");
            Files.writeString(settings, """
                    <settings>
                      <servers>
                        <server>
                          <id>127.0.0.1</id>
                          <username>deploy</username>
                          <password>%s</password>
                        </server>
                      </servers>
                    </settings>
                    """.formatted(encrypted));
            MavenRunner.Result locked = mvn.run(project, work.resolve("4-lock.log"), "-s", settings.toString(),
                    "-Dsettings.security=" + security, "odoo:lock").assertSuccess()
                    .assertOutputContains("0 kept, 1 added, 0 refreshed, 0 removed");
            assertTrue(http.authorized.get() > 0);
            assertEquals(Map.of("customer 17.0", git.head(GitFixtures.CUSTOMER_ADDON, "17.0")),
                    pins(project.resolve("repos.lock.yaml")));
            assertFalse(locked.output().contains(token));
            assertFalse(Files.readString(project.resolve("repos.lock.yaml")).contains(token));
            assertFalse(Files.readString(project.resolve("repos.lock.yaml")).contains("deploy"));
        }
    }

    /** "remote locked-from" -> SHA, from the lock's text (independent of the plugin's reader). */
    static Map<String, String> pins(Path lock) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("# locked-from: (\\S+) (\\S+)\\n\\s+- \\1 ([0-9a-f]{40})\\n")
                .matcher(Files.readString(lock));
        while (m.find()) {
            out.put(m.group(1) + " " + m.group(2), m.group(3));
        }
        assertFalse(out.isEmpty(), Files.readString(lock));
        return out;
    }
}
