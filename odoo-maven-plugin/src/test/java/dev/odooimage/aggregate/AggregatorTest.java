package dev.odooimage.aggregate;

import static dev.odooimage.aggregate.Fixtures.aggregate;
import static dev.odooimage.aggregate.Fixtures.commit;
import static dev.odooimage.aggregate.Fixtures.lock;
import static dev.odooimage.aggregate.Fixtures.merge;
import static dev.odooimage.aggregate.Fixtures.remotes;
import static dev.odooimage.aggregate.Fixtures.url;
import static dev.odooimage.aggregate.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.repos.Aggregate;
import dev.odooimage.repos.ReposConfig;
import dev.odooimage.util.OdooImageException;

class AggregatorTest {
    @TempDir
    Path tmp;

    final RecordingLog log = new RecordingLog();
    final List<String> messages = log.messages;

    Aggregator aggregator(Path work, int threads) {
        return new Aggregator(new AggregateOptions(work, new GitCache(tmp.resolve("cache")), threads, false, tmp, null), log);
    }

    @Test
    void singleMergeExportsCommittedTreeOnly() throws Exception {
        Git odoo = Fixtures.init(tmp.resolve("odoo"));
        write(odoo, ".gitignore", "*.pyc\n");
        write(odoo, "odoo/__init__.py", "# odoo\n");
        write(odoo, "addons/base/__manifest__.py", "{'name': 'base'}\n");
        RevCommit c = commit(odoo, "init");
        write(odoo, "odoo/__init__.pyc", "ignored, never committed");
        write(odoo, "untracked.txt", "not committed");
        Path work = tmp.resolve("target/odoo");

        Aggregator.Summary s = aggregator(work, 2).run(lock(aggregate("./odoo", remotes("odoo", url(odoo)),
                merge("odoo", c, "odoo main"))));

        Path out = work.resolve("src/odoo");
        assertEquals("# odoo\n", Files.readString(out.resolve("odoo/__init__.py")));
        assertEquals("{'name': 'base'}\n", Files.readString(out.resolve("addons/base/__manifest__.py")));
        assertFalse(Files.exists(out.resolve(".git")));
        assertFalse(Files.exists(out.resolve("odoo/__init__.pyc")));
        assertFalse(Files.exists(out.resolve("untracked.txt")));
        assertEquals(List.of("./odoo"), s.rebuilt());
        assertTrue(s.fetched().fetches() > 0 && s.fetched().bytes() > 0);
        SrcManifest m = SrcManifest.read(work.resolve("src.json")).orElseThrow();
        assertEquals(c.name(), m.aggregates().get(0).merges().get(0).sha());
        assertEquals(c.getTree().name(), m.aggregates().get(0).tree());
        assertEquals(TreeDigest.of(out), m.aggregates().get(0).digest());
        assertFalse(Files.exists(work.resolve(".aggregate-tmp")), "staging removed");
    }

    @Test
    void threeMergesGiveWhatGitPullGives() throws Exception {
        Git oca = Fixtures.init(tmp.resolve("oca"));
        write(oca, "a/__init__.py", "a = 1\n");
        write(oca, "b/__init__.py", "b = 1\n");
        write(oca, "shared.txt", "one\ntwo\nthree\nfour\nfive\n");
        RevCommit base = commit(oca, "base");
        Git fork = Fixtures.fork(tmp.resolve("oca"), tmp.resolve("fork"));
        fork.checkout().setCreateBranch(true).setName("feature-a").call();
        write(fork, "a/__init__.py", "a = 2\n");
        write(fork, "shared.txt", "ONE\ntwo\nthree\nfour\nfive\n");
        RevCommit fa = commit(fork, "feature a");
        fork.checkout().setName("main").call();
        fork.checkout().setCreateBranch(true).setName("feature-b").call();
        write(fork, "b/__init__.py", "b = 2\n");
        write(fork, "shared.txt", "one\ntwo\nthree\nfour\nFIVE\n");
        RevCommit fb = commit(fork, "feature b");
        write(oca, "c.txt", "upstream moved on\n");
        RevCommit upstream = commit(oca, "upstream");

        Aggregate agg = aggregate("./oca/server-tools", remotes("oca", url(oca), "fork", url(fork)),
                merge("oca", upstream, "oca main"), merge("fork", fa, "fork feature-a"), merge("fork", fb, "fork feature-b"));
        Path work = tmp.resolve("target/odoo");
        aggregator(work, 1).run(lock(agg));

        Path out = work.resolve("src/oca/server-tools");
        assertEquals("ONE\ntwo\nthree\nfour\nFIVE\n", Files.readString(out.resolve("shared.txt")));
        assertEquals("a = 2\n", Files.readString(out.resolve("a/__init__.py")));
        assertEquals("b = 2\n", Files.readString(out.resolve("b/__init__.py")));
        assertEquals("upstream moved on\n", Files.readString(out.resolve("c.txt")));
        String tree = SrcManifest.read(work.resolve("src.json")).orElseThrow().aggregates().get(0).tree();
        for (RevCommit input : List.of(base, upstream, fa, fb)) {
            assertNotEquals(input.getTree().name(), tree, "a real merge produces a new tree");
        }
        Path cli = Fixtures.cliAggregate(tmp.resolve("cli"), agg);
        assertEquals(TreeDigest.of(cli), TreeDigest.of(out), "same files as git pull");
    }

    @Test
    void conflictNamesAggregateMergesAndPaths() throws Exception {
        Git oca = Fixtures.init(tmp.resolve("oca"));
        write(oca, "x/models.py", "value = 0\n");
        write(oca, "ok.txt", "fine\n");
        commit(oca, "base");
        Git fork = Fixtures.fork(tmp.resolve("oca"), tmp.resolve("fork"));
        write(oca, "x/models.py", "value = 1\n");
        RevCommit up = commit(oca, "upstream change");
        write(fork, "x/models.py", "value = 2\n");
        RevCommit mine = commit(fork, "fork change");
        Path work = tmp.resolve("target/odoo");

        OdooImageException e = assertThrows(OdooImageException.class, () -> aggregator(work, 1).run(lock(
                aggregate("./server-tools", remotes("oca", url(oca), "fork", url(fork)),
                        merge("oca", up, "oca main"), merge("fork", mine, "fork main")))));

        assertTrue(e.getMessage().contains("./server-tools"), e.getMessage());
        assertTrue(e.getMessage().contains("'oca " + up.name() + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("'fork " + mine.name() + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("x/models.py"), e.getMessage());
        assertFalse(e.getMessage().contains("ok.txt"), e.getMessage());
        assertFalse(Files.exists(work.resolve("src/server-tools")), "nothing half-built");
        assertTrue(SrcManifest.read(work.resolve("src.json")).orElseThrow().aggregates().isEmpty());
    }

    @Test
    void execBitsAndSymlinksAreKept() throws Exception {
        Git repo = Fixtures.init(tmp.resolve("repo"));
        Fixtures.exec(repo, "bin/run.sh", "#!/bin/sh\necho hi\n");
        write(repo, "lib/data.txt", "data\n");
        Fixtures.symlink(repo, "link-to-file", "lib/data.txt");
        Fixtures.symlink(repo, "link-to-dir", "lib");
        RevCommit c = commit(repo, "init");
        Path work = tmp.resolve("target/odoo");

        aggregator(work, 1).run(lock(aggregate("./repo", remotes("r", url(repo)), merge("r", c, null))));

        Path out = work.resolve("src/repo");
        assertTrue(Files.getPosixFilePermissions(out.resolve("bin/run.sh")).contains(PosixFilePermission.OWNER_EXECUTE));
        assertFalse(Files.getPosixFilePermissions(out.resolve("lib/data.txt")).contains(PosixFilePermission.OWNER_EXECUTE));
        assertTrue(Files.isSymbolicLink(out.resolve("link-to-file")));
        assertEquals(Path.of("lib/data.txt"), Files.readSymbolicLink(out.resolve("link-to-file")));
        assertTrue(Files.isSymbolicLink(out.resolve("link-to-dir")));
        assertEquals("data\n", Files.readString(out.resolve("link-to-dir/data.txt")));
        try (Stream<Path> all = Files.walk(out)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().equals(".git")));
        }
    }

    @Test
    void secondRunIsNoOpAndChangesRebuildOnlyTheirAggregate() throws Exception {
        Git a = Fixtures.init(tmp.resolve("a"));
        write(a, "a.txt", "a1\n");
        RevCommit a1 = commit(a, "a1");
        write(a, "a.txt", "a2\n");
        RevCommit a2 = commit(a, "a2");
        Fixtures.allowReachableSha(a);
        Git b = Fixtures.init(tmp.resolve("b"));
        write(b, "b.txt", "b1\n");
        RevCommit b1 = commit(b, "b1");
        Path work = tmp.resolve("target/odoo");
        ReposConfig first = lock(aggregate("./a", remotes("a", url(a)), merge("a", a1, "a main")),
                aggregate("./oca/b", remotes("b", url(b)), merge("b", b1, "b main")));
        aggregator(work, 2).run(first);
        String manifest = Files.readString(work.resolve("src.json"));

        Aggregator.Summary again = aggregator(work, 2).run(first);
        assertTrue(again.upToDate());
        assertEquals(manifest, Files.readString(work.resolve("src.json")));
        assertTrue(messages.stream().anyMatch(m -> m.contains("Sources up to date")));

        // A hand edit in src/ is detected by the digest and repaired.
        Files.writeString(work.resolve("src/a/a.txt"), "edited\n");
        assertEquals(List.of("./a"), aggregator(work, 2).run(first).rebuilt());
        assertEquals("a1\n", Files.readString(work.resolve("src/a/a.txt")));

        // A new SHA for one merge rebuilds that aggregate only.
        ReposConfig second = lock(aggregate("./a", remotes("a", url(a)), merge("a", a2, "a main")),
                aggregate("./oca/b", remotes("b", url(b)), merge("b", b1, "b main")));
        assertEquals(List.of("./a"), aggregator(work, 2).run(second).rebuilt());
        assertEquals("a2\n", Files.readString(work.resolve("src/a/a.txt")));

        // An aggregate dropped from the lock disappears from src/ and src.json.
        aggregator(work, 2).run(lock(aggregate("./a", remotes("a", url(a)), merge("a", a2, "a main"))));
        assertFalse(Files.exists(work.resolve("src/oca")));
        assertEquals(1, SrcManifest.read(work.resolve("src.json")).orElseThrow().aggregates().size());
    }

    @Test
    void aSrcJsonOfAnOlderPluginWithoutRecipesRebuildsInsteadOfFailing() throws Exception {
        Git a = Fixtures.init(tmp.resolve("a"));
        write(a, "a.txt", "a1\n");
        RevCommit a1 = commit(a, "a1");
        Path work = tmp.resolve("target/odoo");
        ReposConfig lock = lock(aggregate("./a", remotes("a", url(a)), merge("a", a1, "a main")));
        aggregator(work, 1).run(lock);
        Path srcJson = work.resolve("src.json");
        String withRecipe = Files.readString(srcJson);
        Files.writeString(srcJson, withRecipe.replaceAll("\"recipe\"\\s*:\\s*\"[^\"]*\"\\s*,?", ""));
        assertFalse(Files.readString(srcJson).contains("recipe"), Files.readString(srcJson));

        assertEquals(List.of("./a"), aggregator(work, 1).run(lock).rebuilt());
        assertEquals("a1\n", Files.readString(work.resolve("src/a/a.txt")));
        assertTrue(aggregator(work, 1).run(lock).upToDate());
    }

    @Test
    void noOpTrustsTheSavedStatDataButSeesEveryEdit() throws Exception {
        Git a = Fixtures.init(tmp.resolve("a"));
        write(a, "a.txt", "a1\n");
        write(a, "dir/b.txt", "b1\n");
        RevCommit a1 = commit(a, "a1");
        Path work = tmp.resolve("target/odoo");
        Aggregate agg = aggregate("./a", remotes("a", url(a)), merge("a", a1, "a main"));
        Aggregator aggregator = aggregator(work, 1);
        aggregator.run(lock(agg));
        Path statFile = aggregator.statFile(agg);
        assertTrue(Files.isRegularFile(statFile), "the export saves its files' stat data");
        assertTrue(aggregator(work, 1).run(lock(agg)).upToDate());

        // Proof that unchanged files are not read: a saved hash that lies is believed (and the
        // digest then disagrees, so the aggregate is rebuilt rather than trusted). Without the
        // record of a verified walk, which would spare even the listing (see the next test).
        Path file = work.resolve("src/a/a.txt");
        StatCache doctored = StatCache.read(statFile);
        doctored.put("a.txt", StatCache.stat(file), new byte[32]);
        doctored.verified(null, Long.MIN_VALUE);
        doctored.write(statFile);
        Files.setLastModifiedTime(statFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertEquals(List.of("./a"), aggregator(work, 1).run(lock(agg)).rebuilt());
        assertTrue(aggregator(work, 1).run(lock(agg)).upToDate());

        // A same-size edit with the old mtime put back is still seen (the ctime moved) and repaired.
        var mtime = Files.getLastModifiedTime(file);
        Thread.sleep(20);
        Files.writeString(file, "a9\n");
        Files.setLastModifiedTime(file, mtime);
        assertEquals(List.of("./a"), aggregator(work, 1).run(lock(agg)).rebuilt());
        assertEquals("a1\n", Files.readString(file));

        // A stray new file is seen too; a dropped aggregate's stat data goes.
        Files.writeString(work.resolve("src/a/dir/new.txt"), "new\n");
        assertEquals(List.of("./a"), aggregator(work, 1).run(lock(agg)).rebuilt());
        assertFalse(Files.exists(work.resolve("src/a/dir/new.txt")));
        Git c = Fixtures.init(tmp.resolve("c"));
        write(c, "c.txt", "c\n");
        RevCommit c1 = commit(c, "c1");
        aggregator(work, 1).run(lock(aggregate("./c", remotes("c", url(c)), merge("c", c1, "c main"))));
        assertFalse(Files.exists(statFile));
    }

    /**
     * Runs no-op builds until the stat file holds a verified walk that a later no-op can take as
     * is (a clock tick after the export, so that no entry is racy), and checks that one does.
     */
    private void settle(Aggregator aggregator, Path work, Aggregate agg) throws Exception {
        Thread.sleep(30);
        assertTrue(aggregator(work, 1).run(lock(agg)).upToDate());
        assertNotNull(StatCache.read(aggregator.statFile(agg)).verifiedDigest(), "the walk is recorded as verified");
        Thread.sleep(30);
        assertTrue(aggregator(work, 1).run(lock(agg)).upToDate());
    }

    @Test
    void aVerifiedNoOpListsNothingButSeesEveryChange() throws Exception {
        Git a = Fixtures.init(tmp.resolve("a"));
        write(a, "a.txt", "a1\n");
        write(a, "dir/sub/b.txt", "b1\n");
        Fixtures.exec(a, "bin/run.sh", "#!/bin/sh\n");
        Fixtures.symlink(a, "link", "a.txt");
        RevCommit a1 = commit(a, "a1");
        Path work = tmp.resolve("target/odoo");
        Path src = work.resolve("src/a");
        Aggregate agg = aggregate("./a", remotes("a", url(a)), merge("a", a1, "a main"));
        Aggregator aggregator = aggregator(work, 1);
        aggregator.run(lock(agg));
        settle(aggregator, work, agg);

        // Proof that nothing is read nor listed: a lying hash, with the verified record kept, is
        // never consulted (a walk would disagree with the digest and rebuild).
        Path statFile = aggregator.statFile(agg);
        FileTime statTime = Files.getLastModifiedTime(statFile);
        StatCache doctored = StatCache.read(statFile);
        doctored.put("a.txt", StatCache.stat(src.resolve("a.txt")), new byte[32]);
        doctored.write(statFile);
        Files.setLastModifiedTime(statFile, statTime);
        assertTrue(aggregator(work, 1).run(lock(agg)).upToDate());
        Files.delete(statFile);
        aggregator(work, 1).run(lock(agg));
        settle(aggregator, work, agg);

        // Every kind of change is still seen, and repaired.
        Path file = src.resolve("dir/sub/b.txt");
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, "b9\n");
        Files.setLastModifiedTime(file, mtime);
        assertEquals(List.of("./a"), aggregator(work, 1).run(lock(agg)).rebuilt(), "same-size edit, old mtime");
        assertEquals("b1\n", Files.readString(file));
        settle(aggregator, work, agg);

        Files.setPosixFilePermissions(src.resolve("bin/run.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(List.of("./a"), aggregator(work, 1).run(lock(agg)).rebuilt(), "exec bit dropped");
        settle(aggregator, work, agg);

        Files.createDirectories(src.resolve("dir/sub/empty"));
        assertEquals(List.of("./a"), aggregator(work, 1).run(lock(agg)).rebuilt(), "an empty directory added");
        assertFalse(Files.exists(src.resolve("dir/sub/empty")));
        settle(aggregator, work, agg);

        Files.delete(file);
        assertEquals(List.of("./a"), aggregator(work, 1).run(lock(agg)).rebuilt(), "a file removed");
        settle(aggregator, work, agg);

        Files.delete(src.resolve("link"));
        Files.createSymbolicLink(src.resolve("link"), Path.of("bin/run.sh"));
        assertEquals(List.of("./a"), aggregator(work, 1).run(lock(agg)).rebuilt(), "a symlink retargeted");
        assertEquals(Path.of("a.txt"), Files.readSymbolicLink(src.resolve("link")));
    }

    @Test
    void aRebuildReusesUntouchedFilesOfThePreviousExportAndWritesTheRest() throws Exception {
        Git a = Fixtures.init(tmp.resolve("a"));
        Fixtures.allowReachableSha(a);
        write(a, "same.txt", "same\n");
        write(a, "edited.txt", "edited\n");
        write(a, "moved.txt", "v1\n");
        write(a, "mode.txt", "same blob\n");
        Fixtures.exec(a, "tool.sh", "#!/bin/sh\n");
        RevCommit v1 = commit(a, "v1");
        write(a, "moved.txt", "v2\n");
        Fixtures.exec(a, "mode.txt", "same blob\n"); // same blob, now executable
        RevCommit v2 = commit(a, "v2");
        Path work = tmp.resolve("target/odoo");
        Path out = work.resolve("src/a");
        aggregator(work, 1).run(lock(aggregate("./a", remotes("a", url(a)), merge("a", v1, "a main"))));
        Thread.sleep(20); // past the racy window of the saved stat data
        long sameInode = StatCache.stat(out.resolve("same.txt")).inode();
        long toolInode = StatCache.stat(out.resolve("tool.sh")).inode();
        long movedInode = StatCache.stat(out.resolve("moved.txt")).inode();
        long modeInode = StatCache.stat(out.resolve("mode.txt")).inode();
        // A hand edit that keeps size and mtime must not be carried over by the reuse.
        var mtime = Files.getLastModifiedTime(out.resolve("edited.txt"));
        Files.writeString(out.resolve("edited.txt"), "EDITED\n");
        Files.setLastModifiedTime(out.resolve("edited.txt"), mtime);
        long editedInode = StatCache.stat(out.resolve("edited.txt")).inode();

        Aggregator.Summary s = aggregator(work, 1).run(lock(aggregate("./a", remotes("a", url(a)), merge("a", v2, "a main"))));

        assertEquals(List.of("./a"), s.rebuilt());
        assertEquals(sameInode, StatCache.stat(out.resolve("same.txt")).inode(), "untouched file reused");
        assertEquals(toolInode, StatCache.stat(out.resolve("tool.sh")).inode(), "untouched executable reused");
        assertTrue(StatCache.stat(out.resolve("tool.sh")).executable());
        assertNotEquals(movedInode, StatCache.stat(out.resolve("moved.txt")).inode(), "changed blob written anew");
        assertEquals("v2\n", Files.readString(out.resolve("moved.txt")));
        assertNotEquals(modeInode, StatCache.stat(out.resolve("mode.txt")).inode(), "same blob, other mode: written");
        assertTrue(StatCache.stat(out.resolve("mode.txt")).executable());
        assertNotEquals(editedInode, StatCache.stat(out.resolve("edited.txt")).inode(), "hand-edited file written anew");
        assertEquals("edited\n", Files.readString(out.resolve("edited.txt")));
        assertEquals(1, Files.getAttribute(out.resolve("same.txt"), "unix:nlink"), "the previous export is gone");
        // The result is exactly the tree of v2, as a fresh export from scratch gives it.
        Path fresh = tmp.resolve("fresh/target/odoo");
        aggregator(fresh, 1).run(lock(aggregate("./a", remotes("a", url(a)), merge("a", v2, "a main"))));
        assertEquals(TreeDigest.of(fresh.resolve("src/a")), TreeDigest.of(out));
        assertEquals(SrcManifest.read(fresh.resolve("src.json")).orElseThrow().aggregates().get(0).digest(),
                SrcManifest.read(work.resolve("src.json")).orElseThrow().aggregates().get(0).digest());
        assertTrue(aggregator(work, 1).run(lock(aggregate("./a", remotes("a", url(a)), merge("a", v2, "a main")))).upToDate());
    }

    @Test
    void outputIsTheSameWhateverTheParallelism() throws Exception {
        List<Aggregate> aggs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Git g = Fixtures.init(tmp.resolve("r" + i));
            for (int f = 0; f < 20; f++) {
                write(g, "m" + f + "/__init__.py", "x = " + (i * 100 + f) + "\n");
            }
            aggs.add(aggregate("./group" + (i % 2) + "/r" + i, remotes("o", url(g)), merge("o", commit(g, "c"), null)));
        }
        ReposConfig l = new ReposConfig(null, aggs);
        aggregator(tmp.resolve("w1"), 1).run(l);
        aggregator(tmp.resolve("w4"), 4).run(l);
        assertEquals(Files.readString(tmp.resolve("w1/src.json")), Files.readString(tmp.resolve("w4/src.json")));
        assertEquals(TreeDigest.of(tmp.resolve("w1/src")), TreeDigest.of(tmp.resolve("w4/src")));
    }

    @Test
    void strayAndLeftoverEntriesInSrcAreRemoved() throws Exception {
        Git a = Fixtures.init(tmp.resolve("a"));
        write(a, "a.txt", "a\n");
        RevCommit c = commit(a, "a");
        Path work = tmp.resolve("target/odoo");
        Files.createDirectories(work.resolve("src/oca/.server-tools.old-123/x"));
        Files.writeString(work.resolve("src/stray.txt"), "x");
        aggregator(work, 1).run(lock(aggregate("./oca/server-tools", remotes("a", url(a)), merge("a", c, null))));
        try (Stream<Path> s = Files.list(work.resolve("src/oca"))) {
            assertEquals(List.of("server-tools"), s.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Files.exists(work.resolve("src/stray.txt"), LinkOption.NOFOLLOW_LINKS));
    }
}
