package dev.odooimage.repos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

/** odoo:check-lock's comparison, on a lock produced by odoo:lock against real repositories. */
class LockCheckTest {

    @TempDir
    Path tmp;
    Path reposFile;
    Path lockFile;
    String odooUrl;
    String ocaUrl;

    static final String YAML = """
            ./odoo:
              remotes:
                odoo: %s
              merges:
                - odoo 17.0
                - odoo 17.0-fix
              target: odoo 17.0
            ./oca/web:
              remotes:
                oca: %s
              merges:
                - oca 17.0
              shell_command_after: echo hi
            """;

    @BeforeEach
    void lockOnce() throws Exception {
        GitRepos g = new GitRepos(tmp.resolve("remotes"));
        try (GitRepos.Repo odoo = g.create("odoo", "17.0"); GitRepos.Repo oca = g.create("oca", "17.0")) {
            odoo.commit("17.0-fix");
            odooUrl = odoo.url();
            ocaUrl = oca.url();
        }
        reposFile = tmp.resolve("repos.yaml");
        lockFile = tmp.resolve("repos.lock.yaml");
        Files.writeString(reposFile, YAML.formatted(odooUrl, ocaUrl));
        new LockRepos(new LsRemote(GitAccess.anonymous()), 2).run(reposFile, lockFile, Refresh.none());
    }

    List<String> diffAfter(String newYaml) throws Exception {
        Files.writeString(reposFile, newYaml);
        return LockCheck.check(reposFile, lockFile);
    }

    @Test
    void agreesRightAfterLocking() {
        assertEquals(List.of(), LockCheck.check(reposFile, lockFile));
    }

    @Test
    void reportsMissingAndExtraMergesAndAggregates() throws Exception {
        String y = YAML.formatted(odooUrl, ocaUrl).replace("    - odoo 17.0-fix\n", "    - odoo 17.0-new\n")
                + "./oca/extra:\n  remotes:\n    oca: " + ocaUrl + "\n  merges:\n    - oca 17.0\n";
        assertEquals(List.of("+ ./odoo: merge 'odoo 17.0-new' not in the lock",
                "- ./odoo: merge 'odoo 17.0-fix' in the lock but no longer in repos.yaml",
                "+ ./oca/extra: aggregate not in the lock"), diffAfter(y));
        String gone = "./odoo:\n  remotes:\n    odoo: " + odooUrl + "\n  merges:\n    - odoo 17.0\n    - odoo 17.0-fix\n"
                + "  target: odoo 17.0\n";
        assertEquals(List.of("- ./oca/web: aggregate in the lock but no longer in repos.yaml"), diffAfter(gone));
    }

    @Test
    void reportsRemoteUrlTargetDepthOrderAndPassThroughChanges() throws Exception {
        String y = YAML.formatted(odooUrl, "https://user:pw@example.com/web.git")
                .replace("  target: odoo 17.0\n", "  target: odoo 17.0-agg\n  defaults:\n    depth: 5\n")
                .replace("echo hi", "echo bye");
        List<String> d = diffAfter(y);
        assertEquals(4, d.size(), d.toString());
        assertTrue(d.contains("~ ./oca/web: remote oca URL changed: lock " + ocaUrl
                + ", repos.yaml https://user:***@example.com/web.git"), d.toString());
        assertTrue(d.contains("~ ./odoo: target changed: lock odoo 17.0, repos.yaml odoo 17.0-agg"), d.toString());
        assertTrue(d.contains("~ ./odoo: defaults.depth changed: lock null, repos.yaml 5"), d.toString());
        assertTrue(d.contains("~ ./oca/web: shell_command_after differs between repos.yaml and the lock"), d.toString());

        String swapped = YAML.formatted(odooUrl, ocaUrl).replace("    - odoo 17.0\n    - odoo 17.0-fix\n",
                "    - odoo 17.0-fix\n    - odoo 17.0\n");
        assertEquals(List.of("~ ./odoo: merge order changed: lock [odoo 17.0, odoo 17.0-fix], repos.yaml "
                + "[odoo 17.0-fix, odoo 17.0]"), diffAfter(swapped));
    }

    @Test
    void reportsHandEditedLock() throws Exception {
        String lock = Files.readString(lockFile);
        String sha = ReposFile.read(lockFile).aggregates().get(0).merges().get(1).ref();
        Files.writeString(lockFile, lock.replace("    # locked-from: odoo 17.0-fix\n", "")
                .replace("# locked-from: oca 17.0\n    - oca ", "# locked-from: oca 17.0\n    - oca refs/heads/"));
        List<String> d = LockCheck.check(reposFile, lockFile);
        assertEquals(3, d.size(), d.toString());
        assertTrue(d.remove(0).startsWith("! repos.lock.yaml: its content no longer matches"), d.toString());
        assertTrue(d.get(0).startsWith("! ./odoo: merge 'odoo " + sha + "' (lock line ")
                && d.get(0).endsWith("has no '# locked-from:' comment: the lock was edited by hand"), d.get(0));
        assertTrue(d.get(1).contains("is not pinned to a full commit SHA"), d.get(1));
    }

    @Test
    void swappedShasWithLockedFromKeptAreDetectedOffline() throws Exception {
        // Two merges' SHAs swapped, every '# locked-from' comment kept: the lock still parses
        // and names the same refs, only its content digest tells.
        String lock = Files.readString(lockFile);
        List<Merge> m = ReposFile.read(lockFile).aggregates().get(0).merges();
        String a = m.get(0).ref();
        String b = m.get(1).ref();
        Files.writeString(lockFile, lock.replace(a, "@A@").replace(b, a).replace("@A@", b));
        List<String> d = LockCheck.check(reposFile, lockFile);
        assertEquals(List.of("! repos.lock.yaml: its content no longer matches the content-sha256 in its header: the"
                + " lock was edited by hand. Restore it from git (git checkout -- repos.lock.yaml) and change"
                + " repos.yaml instead, or regenerate it with mvn odoo:lock -Dodoo.repos.refreshAll (every ref resolved"
                + " anew)"), d);
        // odoo:lock does not launder it by keeping its SHAs; refreshAll regenerates it.
        String msg = assertThrows(OdooImageException.class, () -> new LockRepos(new LsRemote(GitAccess.anonymous()), 2)
                .run(reposFile, lockFile, Refresh.none())).getMessage();
        assertTrue(msg.startsWith("repos.lock.yaml: its content no longer matches") && msg.contains("-Dodoo.repos.refreshAll"),
                msg);
        new LockRepos(new LsRemote(GitAccess.anonymous()), 2).run(reposFile, lockFile, new Refresh(true, List.of(),
                List.of()));
        assertEquals(List.of(), LockCheck.check(reposFile, lockFile));
        assertEquals(List.of(a, b), ReposFile.read(lockFile).aggregates().get(0).merges().stream().map(Merge::ref)
                .toList());
    }

    @Test
    void crlfCheckoutStillMatchesAndALockWithoutDigestOnlyWarns() throws Exception {
        String lock = Files.readString(lockFile);
        Files.writeString(lockFile, lock.replace("\n", "\r\n"));
        assertEquals(List.of(), LockCheck.check(reposFile, lockFile));
        Files.writeString(lockFile, lock.replaceAll("(?m)^# content-sha256: .*\n", ""));
        assertEquals(List.of(), LockCheck.check(reposFile, lockFile));
        assertEquals(1, LockCheck.warnings(lockFile).size());
        assertTrue(LockCheck.warnings(lockFile).get(0).contains("Run mvn odoo:lock once to add it"));
    }

    @Test
    void missingLockSaysToRunLock() throws Exception {
        Files.delete(lockFile);
        String msg = assertThrows(OdooImageException.class, () -> LockCheck.check(reposFile, lockFile)).getMessage();
        assertTrue(msg.contains("Run mvn odoo:lock"), msg);
    }
}
