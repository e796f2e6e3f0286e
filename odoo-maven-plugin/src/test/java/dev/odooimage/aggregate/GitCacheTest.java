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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.repos.Aggregate;
import dev.odooimage.repos.ReposConfig;
import dev.odooimage.util.OdooImageException;

class GitCacheTest {
    @TempDir
    Path tmp;

    final RecordingLog log = new RecordingLog();
    final List<String> messages = log.messages;

    Aggregator aggregator(Path work) {
        return new Aggregator(new AggregateOptions(work, new GitCache(tmp.resolve("cache")), 2, false, tmp, null), log);
    }

    private Path entryDir(String url) {
        return tmp.resolve("cache").resolve(GitCache.entryName(url));
    }

    @Test
    void secondBuildFetchesNothingEvenWithTheRemoteGone() throws Exception {
        Git repo = Fixtures.init(tmp.resolve("remote"));
        write(repo, "a.py", "a\n");
        RevCommit c = commit(repo, "c");
        String url = url(repo);
        ReposConfig l = lock(aggregate("./a", remotes("o", url), merge("o", c, "o main")));

        Aggregator.Summary cold = aggregator(tmp.resolve("p1")).run(l);
        assertTrue(cold.fetched().fetches() >= 1 && cold.fetched().bytes() > 0);
        // Shallow by default: the single-merge aggregate only needed the tip.
        assertTrue(Files.readString(entryDir(url).resolve("shallow")).contains(c.name()));

        repo.close();
        Files.move(tmp.resolve("remote"), tmp.resolve("remote-gone"));
        Aggregator.Summary warm = aggregator(tmp.resolve("p2")).run(l);
        assertEquals(0, warm.fetched().fetches());
        assertEquals(0, warm.fetched().bytes());
        assertEquals("a\n", Files.readString(tmp.resolve("p2/src/a/a.py")));
        assertTrue(messages.stream().anyMatch(m -> m.contains("cache hit")));
    }

    @Test
    void twoConcurrentBuildsShareOneCache() throws Exception {
        List<Aggregate> aggs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Git g = Fixtures.init(tmp.resolve("r" + i));
            for (int f = 0; f < 200; f++) {
                write(g, "m" + f + "/data.txt", ("line " + f + " of repo " + i + "\n").repeat(50));
            }
            aggs.add(aggregate("./r" + i, remotes("o", url(g)), merge("o", commit(g, "c"), null)));
        }
        ReposConfig l = new ReposConfig(null, aggs);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Aggregator.Summary>> runs = List.of(() -> aggregator(tmp.resolve("b1")).run(l),
                    () -> aggregator(tmp.resolve("b2")).run(l));
            List<Future<Aggregator.Summary>> done = pool.invokeAll(runs);
            for (Future<Aggregator.Summary> f : done) {
                assertEquals(3, f.get().rebuilt().size());
            }
            // Each remote was fetched exactly once between the two builds.
            int fetches = done.get(0).get().fetched().fetches() + done.get(1).get().fetched().fetches();
            assertEquals(3, fetches);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Files.readString(tmp.resolve("b1/src.json")), Files.readString(tmp.resolve("b2/src.json")));
        assertEquals(TreeDigest.of(tmp.resolve("b1/src")), TreeDigest.of(tmp.resolve("b2/src")));
    }

    @Test
    void cacheLockExcludesAnotherProcess() throws Exception {
        Path lockFile = tmp.resolve("cache/x.git.lock");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CacheLockHolder.class.getName(), lockFile.toString(), "1500")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", out.readLine());
        long acquired;
        try (CacheLock lock = CacheLock.acquire(lockFile)) {
            acquired = System.currentTimeMillis();
        }
        String releasing = out.readLine();
        assertTrue(child.waitFor() == 0, releasing);
        long released = Long.parseLong(releasing.substring("releasing ".length()));
        assertTrue(acquired >= released, "the second process waited for the first one");
    }

    @Test
    void interruptedOrCorruptedEntryIsNotTrusted() throws Exception {
        Git repo = Fixtures.init(tmp.resolve("remote"));
        write(repo, "a.py", "a\n");
        RevCommit c = commit(repo, "c");
        String url = url(repo);
        ReposConfig l = lock(aggregate("./a", remotes("o", url), merge("o", c, "o main")));
        aggregator(tmp.resolve("p1")).run(l);

        // A fetch killed half-way: no marker, and a damaged pack.
        Path entry = entryDir(url);
        Files.delete(entry.resolve("odoo-cache.ok"));
        try (Stream<Path> packs = Files.list(entry.resolve("objects/pack"))) {
            for (Path p : packs.filter(p -> p.toString().endsWith(".pack")).toList()) {
                Files.write(p, new byte[] {'P', 'A', 'C', 'K', 0, 0});
            }
        }
        Aggregator.Summary s = aggregator(tmp.resolve("p2")).run(l);
        assertEquals("a\n", Files.readString(tmp.resolve("p2/src/a/a.py")));
        assertTrue(s.fetched().fetches() >= 1, "fetched again instead of trusting the damaged entry");
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("WARN") && m.contains("rebuilding")), messages.toString());
        assertTrue(Files.exists(entry.resolve("odoo-cache.ok")));

        // Marker present but objects gone: the wanted commit does not resolve, so it is fetched again.
        try (Stream<Path> packs = Files.list(entry.resolve("objects/pack"))) {
            for (Path p : packs.toList()) {
                Files.delete(p);
            }
        }
        Aggregator.Summary t = aggregator(tmp.resolve("p3")).run(l);
        assertTrue(t.fetched().fetches() >= 1);
        assertEquals("a\n", Files.readString(tmp.resolve("p3/src/a/a.py")));
    }

    @Test
    void aTruncatedPackGivesOneWarningAndIsRemovedNotBlamedOnTheServer() throws Exception {
        Git repo = Fixtures.init(tmp.resolve("remote"));
        for (int i = 0; i < 50; i++) {
            write(repo, "f" + i + ".py", ("content " + i + "\n").repeat(200));
        }
        RevCommit c = commit(repo, "c");
        String url = url(repo);
        ReposConfig l = lock(aggregate("./a", remotes("o", url), merge("o", c, "o main")));
        aggregator(tmp.resolve("p1")).run(l);

        // The fetch finished (marker kept), then the pack lost its second half (disk, copy, rsync).
        Path entry = entryDir(url);
        assertTrue(Files.exists(entry.resolve("odoo-cache.ok")));
        List<Path> packs;
        try (Stream<Path> s = Files.list(entry.resolve("objects/pack"))) {
            packs = s.filter(p -> p.toString().endsWith(".pack")).toList();
        }
        for (Path p : packs) {
            byte[] all = Files.readAllBytes(p);
            Files.write(p, java.util.Arrays.copyOf(all, all.length / 2));
        }
        messages.clear();
        aggregator(tmp.resolve("p2")).run(l);

        assertEquals("content 7\n".repeat(200), Files.readString(tmp.resolve("p2/src/a/f7.py")));
        List<String> warnings = messages.stream().filter(m -> m.startsWith("WARN")).toList();
        assertEquals(1, warnings.size(), messages.toString());
        assertTrue(warnings.get(0).contains("has a damaged pack") && warnings.get(0).contains("fetched again"),
                warnings.get(0));
        assertTrue(messages.stream().noneMatch(m -> m.contains("allowReachableSHA1InWant")), messages.toString());
        assertEquals(List.of(), CacheEntry.damagedPacks(entry.resolve("objects/pack")), "the damage is gone");
    }

    @Test
    void shaThatIsNotABranchTipIsFetchedDirectlyWhenTheServerAllowsIt() throws Exception {
        // JGit's local upload-pack (protocol v2) serves any reachable commit, like GitHub does.
        Git repo = Fixtures.init(tmp.resolve("remote"));
        write(repo, "a.py", "old\n");
        RevCommit old = commit(repo, "old");
        write(repo, "a.py", "new\n");
        commit(repo, "new");
        ReposConfig l = lock(aggregate("./a", remotes("o", url(repo)), merge("o", old, "o main")));

        Aggregator.Summary s = aggregator(tmp.resolve("p1")).run(l);
        assertEquals("old\n", Files.readString(tmp.resolve("p1/src/a/a.py")));
        assertEquals(1, s.fetched().fetches());
        assertTrue(messages.stream().noneMatch(m -> m.startsWith("WARN")), messages.toString());
    }

    @Test
    void shaMissingOnTheRemoteIsAClearError() throws Exception {
        Git repo = Fixtures.init(tmp.resolve("remote"));
        write(repo, "a.py", "a\n");
        commit(repo, "c");
        Fixtures.allowReachableSha(repo);
        String ghost = "0123456789abcdef0123456789abcdef01234567";
        ReposConfig l = lock(aggregate("./a", remotes("o", url(repo)),
                new dev.odooimage.repos.Merge("o", ghost, null, "o main", 7)));
        OdooImageException e = assertThrows(OdooImageException.class, () -> aggregator(tmp.resolve("p")).run(l));
        assertTrue(e.getMessage().contains(ghost) && e.getMessage().contains("not found")
                && e.getMessage().contains("line 7") && e.getMessage().contains("odoo:lock"), e.getMessage());
        assertTrue(e.getMessage().endsWith("refresh this merge: mvn odoo:lock -Dodoo.repos.refreshMerge=\"./a o main\""),
                "the exact command: " + e.getMessage());
        assertFalse(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("read of block"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("p/src/a")));
    }

    @Test
    void jgitInternalWordingIsTranslated() {
        assertEquals("fetch failed: the server closed the connection before sending the commit (it refused it, or the"
                + " connection was cut)", PinnedFetch.readable("fetch failed: Short read of block."));
    }

    @Test
    void multiMergeDeepensUntilTheMergeBaseIsFound() throws Exception {
        Git up = Fixtures.init(tmp.resolve("up"));
        Fixtures.allowReachableSha(up);
        write(up, "base.txt", "base\n");
        commit(up, "c0");
        Git fork = Fixtures.fork(tmp.resolve("up"), tmp.resolve("fork"));
        Fixtures.allowReachableSha(fork);
        write(fork, "feature.txt", "feature\n");
        RevCommit feature = commit(fork, "feature");
        RevCommit tip = null;
        for (int i = 1; i <= 25; i++) {
            write(up, "history.txt", "step " + i + "\n");
            tip = commit(up, "c" + i);
        }
        Aggregate agg = aggregate("./odoo", remotes("up", url(up), "fork", url(fork)),
                merge("up", tip, "up main"), merge("fork", feature, "fork main"));

        aggregator(tmp.resolve("p")).run(lock(agg));

        Path out = tmp.resolve("p/src/odoo");
        assertEquals("feature\n", Files.readString(out.resolve("feature.txt")));
        assertEquals("step 25\n", Files.readString(out.resolve("history.txt")));
        assertTrue(messages.stream().anyMatch(m -> m.contains("deepening history")), messages.toString());
        assertEquals(TreeDigest.of(Fixtures.cliAggregate(tmp.resolve("cli"), agg)), TreeDigest.of(out));
    }

    @Test
    void aForkIsFetchedIntoTheFirstRemotesEntryAndSharedHistoryIsNotTransferredTwice() throws Exception {
        Git up = Fixtures.init(tmp.resolve("up"));
        Fixtures.allowReachableSha(up);
        java.util.Random random = new java.util.Random(42);
        long randomBytes = 0;
        RevCommit tip = null;
        for (int i = 0; i < 20; i++) {
            byte[] data = new byte[64 * 1024]; // incompressible, so transfers show in the byte count
            random.nextBytes(data);
            Files.write(up.getRepository().getWorkTree().toPath().resolve("blob-" + i + ".bin"), data);
            randomBytes += data.length;
            tip = commit(up, "c" + i);
        }
        // A fork = upstream + one patch: its history is upstream's.
        Git fork = Fixtures.fork(tmp.resolve("up"), tmp.resolve("fork"));
        Fixtures.allowReachableSha(fork);
        write(fork, "feature.txt", "feature\n");
        RevCommit feature = commit(fork, "feature");
        Aggregate agg = aggregate("./odoo", remotes("up", url(up), "fork", url(fork)),
                merge("up", tip, "up main"), merge("fork", feature, "fork main"));

        Aggregator.Summary s = aggregator(tmp.resolve("p")).run(lock(agg));

        try (Stream<Path> entries = Files.list(tmp.resolve("cache"))) {
            assertEquals(List.of(entryDir(url(up)).getFileName().toString()),
                    entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".git")).toList());
        }
        // Fetched separately, the fork would bring the 1.25 MiB of upstream content a second time.
        assertTrue(s.fetched().bytes() < randomBytes * 1.3, s.fetched() + " for " + randomBytes + " bytes of content");
        assertTrue(s.fetched().bytes() > randomBytes * 0.9, s.fetched().toString());
        assertEquals("feature\n", Files.readString(tmp.resolve("p/src/odoo/feature.txt")));
        assertEquals(TreeDigest.of(Fixtures.cliAggregate(tmp.resolve("cli"), agg)), TreeDigest.of(tmp.resolve("p/src/odoo")));

        // A second project on the same lock reuses the entry without contacting either remote.
        dev.odooimage.util.AtomicFiles.deleteRecursively(tmp.resolve("up"));
        dev.odooimage.util.AtomicFiles.deleteRecursively(tmp.resolve("fork"));
        Aggregator.Summary again = aggregator(tmp.resolve("p2")).run(lock(agg));
        assertEquals(0, again.fetched().fetches());
        assertEquals(TreeDigest.of(tmp.resolve("p/src/odoo")), TreeDigest.of(tmp.resolve("p2/src/odoo")));
    }
}
