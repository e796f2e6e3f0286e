package dev.odooimage.repos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.repos.LockChange.Kind;
import dev.odooimage.util.OdooImageException;

/** odoo:lock on real repositories (JGit, file:// URLs): the contract's rules one by one. */
class LockReposTest {

    @TempDir
    Path tmp;

    GitRepos repos;
    GitRepos.Repo odoo;
    GitRepos.Repo nuobit;
    GitRepos.Repo ff;
    GitRepos.Repo web;
    Path reposFile;
    Path lockFile;
    final List<String> listed = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws Exception {
        repos = new GitRepos(tmp.resolve("remotes"));
        odoo = repos.create("odoo", "17.0");
        nuobit = repos.create("nuobit", "17.0");
        nuobit.commit("17.0-hotfix-stock");
        ff = repos.create("ff", "17.0");
        ff.commit("17.0-barcodes-patch");
        web = repos.create("web", "17.0");
        Path project = Files.createDirectories(tmp.resolve("project"));
        reposFile = project.resolve("repos.yaml");
        lockFile = project.resolve("repos.lock.yaml");
        writeRepos(contractYaml());
    }

    @AfterEach
    void tearDown() {
        for (GitRepos.Repo r : List.of(odoo, nuobit, ff, web)) {
            r.close();
        }
    }

    String contractYaml() {
        return """
                # the operator's comment stays theirs
                ./odoo:
                  remotes:
                    odoo: %s
                    nuobit: %s
                    ff: %s
                  merges:
                    - odoo 17.0
                    - nuobit 17.0-hotfix-stock
                    - ff 17.0-barcodes-patch
                  target: nuobit 17.0
                  defaults:
                    depth: 1
                ./oca/web:
                  remotes:
                    oca: %s
                  merges:
                    - oca 17.0
                """.formatted(odoo.url(), nuobit.url(), ff.url(), web.url());
    }

    void writeRepos(String yaml) throws Exception {
        Files.writeString(reposFile, yaml);
    }

    LockResult lock(Refresh refresh) {
        RefLister real = new LsRemote(GitAccess.anonymous(), 2, 10);
        return new LockRepos(url -> {
            listed.add(url);
            return real.list(url);
        }, 4).run(reposFile, lockFile, refresh);
    }

    /** The SHAs in the lock file as written, read back with the public reader. */
    Map<String, String> pins() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Aggregate a : ReposFile.read(lockFile).aggregates()) {
            for (Merge m : a.merges()) {
                out.put(a.path() + " " + m.remote() + " " + m.lockedFrom(), m.ref());
            }
        }
        return out;
    }

    @Test
    void contractScenarioNarrowestRefreshFirst() throws Exception {
        String p = odoo.head("17.0");
        String h1 = nuobit.head("17.0-hotfix-stock");
        String f1 = ff.head("17.0-barcodes-patch");
        String w1 = web.head("17.0");
        LockResult first = lock(Refresh.none());
        assertEquals(4, first.count(Kind.ADDED));
        assertEquals(Map.of("./odoo odoo 17.0", p, "./odoo nuobit 17.0-hotfix-stock", h1,
                "./odoo ff 17.0-barcodes-patch", f1, "./oca/web oca 17.0", w1), pins());

        // Upstream moves on: every branch gets a new commit.
        String p2 = odoo.commit("17.0");
        String h2 = nuobit.commit("17.0-hotfix-stock");
        String f2 = ff.commit("17.0-barcodes-patch");
        String w2 = web.commit("17.0");

        listed.clear();
        LockResult plain = lock(Refresh.none());
        assertEquals(4, plain.count(Kind.KEPT), plain.changes().toString());
        assertEquals(List.of(), listed, "a plain lock with nothing new lists no remote");
        assertEquals(Map.of("./odoo odoo 17.0", p, "./odoo nuobit 17.0-hotfix-stock", h1,
                "./odoo ff 17.0-barcodes-patch", f1, "./oca/web oca 17.0", w1), pins());

        LockResult one = lock(Refresh.of(false, List.of(), List.of("./odoo nuobit 17.0-hotfix-stock")));
        assertEquals(1, one.count(Kind.REFRESHED));
        assertEquals(Map.of("./odoo odoo 17.0", p, "./odoo nuobit 17.0-hotfix-stock", h2,
                "./odoo ff 17.0-barcodes-patch", f1, "./oca/web oca 17.0", w1), pins());
        assertTrue(one.changes().stream().anyMatch(c -> c.kind() == Kind.REFRESHED && c.oldSha().equals(h1)
                && c.newSha().equals(h2)));

        LockResult agg = lock(Refresh.of(false, List.of("./odoo"), List.of()));
        assertEquals(3, agg.count(Kind.REFRESHED));
        assertEquals(Map.of("./odoo odoo 17.0", p2, "./odoo nuobit 17.0-hotfix-stock", h2,
                "./odoo ff 17.0-barcodes-patch", f2, "./oca/web oca 17.0", w1), pins());

        lock(new Refresh(true, List.of(), List.of()));
        assertEquals(Map.of("./odoo odoo 17.0", p2, "./odoo nuobit 17.0-hotfix-stock", h2,
                "./odoo ff 17.0-barcodes-patch", f2, "./oca/web oca 17.0", w2), pins());
    }

    @Test
    void lockPreservesRemotesTargetDepthAndOrderAndNeverTouchesReposYaml() throws Exception {
        byte[] before = Files.readAllBytes(reposFile);
        lock(Refresh.none());
        assertArrayEquals(before, Files.readAllBytes(reposFile));
        ReposConfig intent = ReposFile.read(reposFile);
        ReposConfig locked = ReposFile.read(lockFile);
        assertEquals(intent.aggregates().stream().map(Aggregate::path).toList(),
                locked.aggregates().stream().map(Aggregate::path).toList());
        for (int i = 0; i < intent.aggregates().size(); i++) {
            Aggregate a = intent.aggregates().get(i);
            Aggregate l = locked.aggregates().get(i);
            assertEquals(a.remotes(), l.remotes());
            assertEquals(a.target(), l.target());
            assertEquals(a.depth(), l.depth());
            assertEquals(a.merges().stream().map(m -> m.remote() + " " + m.ref()).toList(),
                    l.merges().stream().map(m -> m.remote() + " " + m.lockedFrom()).toList());
            l.merges().forEach(m -> assertTrue(m.isPinned(), m.toString()));
        }
        assertTrue(Files.readString(lockFile).startsWith("# repos.lock.yaml: GENERATED"));
        assertEquals(List.of(), LockCheck.check(reposFile, lockFile));
    }

    @Test
    void newMergeIsAddedRemovedOnesDisappearOthersStayFrozen() throws Exception {
        lock(Refresh.none());
        String p = odoo.head("17.0");
        odoo.commit("17.0");
        String extra = odoo.commit("17.0-extra");
        writeRepos("""
                ./odoo:
                  remotes:
                    odoo: %s
                    nuobit: %s
                  merges:
                    - odoo 17.0
                    - odoo 17.0-extra
                  target: nuobit 17.0
                  defaults:
                    depth: 1
                """.formatted(odoo.url(), nuobit.url()));
        LockResult r = lock(Refresh.none());
        assertEquals(Map.of("./odoo odoo 17.0", p, "./odoo odoo 17.0-extra", extra), pins());
        assertEquals(1, r.count(Kind.KEPT));
        assertEquals(1, r.count(Kind.ADDED));
        // nuobit and ff merges, and the whole ./oca/web aggregate.
        assertEquals(3, r.count(Kind.REMOVED), r.changes().toString());
        assertTrue(r.changes().stream().anyMatch(c -> c.kind() == Kind.REMOVED && c.path().equals("./oca/web")
                && c.remote() == null));
    }

    @Test
    void changedRemoteUrlReResolvesOnlyThatRemote() throws Exception {
        lock(Refresh.none());
        String p = odoo.head("17.0");
        String f1 = ff.head("17.0-barcodes-patch");
        nuobit.commit("17.0-hotfix-stock");
        try (GitRepos.Repo fork = repos.create("nuobit-fork", "17.0")) {
            String forked = fork.commit("17.0-hotfix-stock");
            writeRepos(contractYaml().replace(nuobit.url(), fork.url()));
            listed.clear();
            LockResult r = lock(Refresh.none());
            assertEquals(List.of(fork.url()), listed);
            assertEquals(forked, pins().get("./odoo nuobit 17.0-hotfix-stock"));
            assertEquals(p, pins().get("./odoo odoo 17.0"));
            assertEquals(f1, pins().get("./odoo ff 17.0-barcodes-patch"));
            assertTrue(r.changes().stream().anyMatch(c -> c.kind() == Kind.REFRESHED
                    && "remote URL changed".equals(c.reason())));
        }
    }

    @Test
    void resolvesTagsFullRefsAndShas() throws Exception {
        String tagged = odoo.commit("17.0");
        String tagObject = odoo.annotatedTag("v17.0.1", "17.0");
        odoo.lightweightTag("light", "17.0");
        String later = odoo.commit("17.0");
        String exact = odoo.head("17.0~1");
        writeRepos("""
                ./odoo:
                  remotes:
                    odoo: %s
                  merges:
                    - odoo v17.0.1
                    - odoo light
                    - odoo refs/heads/17.0
                    - remote: odoo
                      ref: %s
                      depth: 3
                """.formatted(odoo.url(), exact.toUpperCase()));
        lock(Refresh.none());
        List<Merge> m = ReposFile.read(lockFile).aggregates().get(0).merges();
        assertNotEquals(tagObject, tagged);
        assertEquals(tagged, m.get(0).ref(), "an annotated tag pins the commit, not the tag object");
        assertEquals(tagged, m.get(1).ref());
        assertEquals(later, m.get(2).ref());
        assertEquals(exact, m.get(3).ref(), "a full SHA is kept as is (lower-cased)");
        assertEquals(3, m.get(3).depth());
    }

    @Test
    void fullShaNeedsNoLsRemote() throws Exception {
        String sha = odoo.head("17.0");
        writeRepos("./odoo:\n  remotes:\n    odoo: file:///nowhere/at/all\n  merges:\n    - odoo " + sha + "\n");
        lock(Refresh.none());
        assertEquals(List.of(), listed);
        assertEquals(sha, pins().get("./odoo odoo " + sha));
    }

    @Test
    void shortShaAmbiguousRefAndMissingRefAreClearErrors() throws Exception {
        String shortSha = odoo.head("17.0").substring(0, 10);
        odoo.lightweightTag("17.0-hotfix", "17.0");
        odoo.commit("17.0-hotfix");
        String base = "./odoo:\n  remotes:\n    odoo: " + odoo.url() + "\n  merges:\n    - odoo 17.0\n";

        writeRepos(base + "    - odoo " + shortSha + "\n");
        String msg = assertThrows(OdooImageException.class, () -> lock(Refresh.none())).getMessage();
        assertTrue(msg.contains("abbreviated commit SHA") && msg.contains("40-character"), msg);
        assertTrue(msg.contains("aggregate ./odoo, merge 'odoo " + shortSha + "'") && msg.contains("repos.yaml:6"), msg);

        writeRepos(base + "    - odoo 17.0-hotfix\n");
        msg = assertThrows(OdooImageException.class, () -> lock(Refresh.none())).getMessage();
        assertTrue(msg.contains("ambiguous") && msg.contains("refs/heads/17.0-hotfix"), msg);

        writeRepos(base + "    - odoo 16.0\n");
        msg = assertThrows(OdooImageException.class, () -> lock(Refresh.none())).getMessage();
        assertTrue(msg.contains("ref 16.0 does not exist") && msg.contains("17.0-hotfix") && msg.contains("merge 'odoo 16.0'"),
                msg);
        assertFalse(Files.exists(lockFile), "no lock is written when locking fails");
    }

    @Test
    void failureLeavesThePreviousLockUntouched() throws Exception {
        lock(Refresh.none());
        byte[] before = Files.readAllBytes(lockFile);
        writeRepos(contractYaml().replace("- ff 17.0-barcodes-patch", "- ff does-not-exist"));
        assertThrows(OdooImageException.class, () -> lock(Refresh.none()));
        assertArrayEquals(before, Files.readAllBytes(lockFile));
        try (var files = Files.list(lockFile.getParent())) {
            assertEquals(List.of("repos.lock.yaml", "repos.yaml"), files.map(f -> f.getFileName().toString()).sorted()
                    .toList(), "no temp file is left behind");
        }
    }

    @Test
    void refreshingSomethingNotInReposYamlIsAnError() throws Exception {
        lock(Refresh.none());
        String msg = assertThrows(OdooImageException.class,
                () -> lock(Refresh.of(false, List.of("./odoo,./oca/nope"), List.of()))).getMessage();
        assertTrue(msg.contains("no aggregate ./oca/nope") && msg.contains("./oca/web"), msg);
        msg = assertThrows(OdooImageException.class,
                () -> lock(Refresh.of(false, List.of(), List.of("./odoo nuobit 17.0-other")))).getMessage();
        assertTrue(msg.contains("has no merge 'nuobit 17.0-other'") && msg.contains("nuobit 17.0-hotfix-stock"), msg);
        assertThrows(OdooImageException.class, () -> lock(Refresh.of(false, List.of(), List.of("./odoo nuobit"))));
    }

    @Test
    void oneLsRemotePerDistinctUrl() throws Exception {
        String more = nuobit.commit("17.0-more");
        writeRepos(contractYaml().replace("    - ff 17.0-barcodes-patch\n",
                "    - ff 17.0-barcodes-patch\n    - nuobit 17.0-more\n    - nuobit 17.0\n")
                + "./nuobit-again:\n  remotes:\n    n: " + nuobit.url() + "\n  merges:\n    - n 17.0-more\n");
        lock(Refresh.none());
        assertEquals(4, listed.size(), listed.toString());
        assertEquals(4, listed.stream().distinct().count());
        assertEquals(more, pins().get("./nuobit-again n 17.0-more"));
    }

    @Test
    void unreachableRemoteFailsAfterBoundedRetryWithoutLeakingCredentials() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://deploy:t0ps3cret@127.0.0.1:" + port + "/odoo.git";
        LsRemote ls = new LsRemote(GitAccess.anonymous(), 3, 5);
        String msg = assertThrows(OdooImageException.class, () -> ls.list(url)).getMessage();
        assertTrue(msg.contains("3 attempts"), msg);
        assertTrue(msg.contains("http://deploy:***@127.0.0.1:" + port), msg);
        assertFalse(msg.contains("t0ps3cret"), msg);

        String missing = assertThrows(OdooImageException.class,
                () -> ls.list(tmp.resolve("no-such-repo").toUri().toString())).getMessage();
        assertTrue(missing.contains("1 attempt)"), "a missing repository is not retried: " + missing);
    }

    @Test
    void unreachableRemoteErrorNamesAggregateMergeAndLine() throws Exception {
        String gone = tmp.resolve("gone").toUri().toString();
        writeRepos(contractYaml().replace(ff.url(), gone));
        String msg = assertThrows(OdooImageException.class, () -> lock(Refresh.none())).getMessage();
        assertTrue(msg.startsWith("aggregate ./odoo, merge 'ff 17.0-barcodes-patch' (repos.yaml:10): cannot list refs of "
                + gone), msg);
        assertFalse(Files.exists(lockFile));
    }

    @Test
    void badAggregatePathsAreRefusedAtLockCitingReposYaml() throws Exception {
        String one = "  remotes:\n    o: " + web.url() + "\n  merges:\n    - o 17.0\n";
        for (String bad : List.of("../x", "/abs/odoo", ".", "./a/../../b")) {
            writeRepos("./ok:\n" + one + "\"" + bad + "\":\n" + one);
            String msg = assertThrows(OdooImageException.class, () -> lock(Refresh.none())).getMessage();
            assertTrue(msg.startsWith("repos.yaml:6, aggregate " + bad + ": the path must be a relative directory"), msg);
            msg = assertThrows(OdooImageException.class, () -> LockCheck.check(reposFile, lockFile)).getMessage();
            assertTrue(msg.startsWith("repos.yaml:6, aggregate " + bad + ": the path must be"), msg);
        }
        writeRepos("./oca:\n" + one + "./oca/web:\n" + one);
        String msg = assertThrows(OdooImageException.class, () -> lock(Refresh.none())).getMessage();
        assertTrue(msg.startsWith("repos.yaml:6, aggregate ./oca/web: overlaps aggregate ./oca;"), msg);
        assertEquals(List.of(), listed, "refused before any remote is listed");
        assertFalse(Files.exists(lockFile));
    }

    @Test
    void credentialsInReposYamlAreRefused() throws Exception {
        writeRepos(contractYaml().replace(web.url(), "https://bot:ghp_secret123@git.example.com/web.git"));
        String msg = assertThrows(OdooImageException.class, () -> lock(Refresh.none())).getMessage();
        assertTrue(msg.contains("embeds credentials") && msg.contains("<id>git.example.com</id>"), msg);
        assertFalse(msg.contains("ghp_secret123"), msg);
        assertEquals(List.of(), listed);
    }

    @Test
    void handEditedLockWithoutLockedFromIsReResolved() throws Exception {
        lock(Refresh.none());
        String h1 = nuobit.head("17.0-hotfix-stock");
        String h2 = nuobit.commit("17.0-hotfix-stock");
        // A lock from before content digests (no '# content-sha256:' line) edited by hand.
        Files.writeString(lockFile, Files.readString(lockFile).replace("    # locked-from: nuobit 17.0-hotfix-stock\n", "")
                .replaceAll("(?m)^# content-sha256: .*\n", ""));
        assertEquals(1, LockCheck.check(reposFile, lockFile).size());
        LockResult r = lock(Refresh.none());
        assertEquals(h2, pins().get("./odoo nuobit 17.0-hotfix-stock"));
        assertNotEquals(h1, h2);
        assertEquals(1, r.count(Kind.ADDED));
        assertEquals(List.of(), LockCheck.check(reposFile, lockFile));
    }
}
