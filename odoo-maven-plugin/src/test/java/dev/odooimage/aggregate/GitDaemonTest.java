package dev.odooimage.aggregate;

import static dev.odooimage.aggregate.Fixtures.aggregate;
import static dev.odooimage.aggregate.Fixtures.commit;
import static dev.odooimage.aggregate.Fixtures.lock;
import static dev.odooimage.aggregate.Fixtures.merge;
import static dev.odooimage.aggregate.Fixtures.remotes;
import static dev.odooimage.aggregate.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.repos.ReposConfig;
import dev.odooimage.util.OdooImageException;

/** Fetches from a real {@code git daemon}: SHA refusal and a server dying mid-fetch. */
class GitDaemonTest {
    @TempDir
    Path tmp;

    final RecordingLog log = new RecordingLog();
    final List<String> messages = log.messages;

    Aggregator aggregator(Path work) {
        return new Aggregator(new AggregateOptions(work, new GitCache(tmp.resolve("cache")), 1, false, tmp, null), log);
    }

    /**
     * git's upload-pack refuses unadvertised SHAs under protocol v0/v1 unless
     * uploadpack.allowReachableSHA1InWant is set; the client here speaks v0 to get that server.
     */
    private void speakProtocolV0(String url) throws Exception {
        Path entry = tmp.resolve("cache").resolve(GitCache.entryName(url));
        try (Git g = Git.init().setBare(true).setGitDir(entry.toFile()).setDirectory(entry.toFile()).call()) {
            StoredConfig c = g.getRepository().getConfig();
            c.setInt("protocol", null, "version", 0);
            c.save();
        }
        Files.writeString(entry.resolve("odoo-cache.ok"), "ok\n");
    }

    @Test
    void refusedShaFallsBackToTheLockedBranchAndAllowedShaDoesNot() throws Exception {
        Path repos = tmp.resolve("srv");
        for (String name : List.of("strict", "open")) {
            Git g = Fixtures.init(repos.resolve(name));
            write(g, "a.py", "old\n");
            commit(g, "old");
            write(g, "a.py", "new\n");
            commit(g, "new");
            if (name.equals("open")) {
                Fixtures.allowReachableSha(g);
            }
        }
        try (GitDaemon daemon = new GitDaemon(repos)) {
            for (String name : List.of("strict", "open")) {
                messages.clear();
                speakProtocolV0(daemon.url(name));
                RevCommit old;
                try (Git g = Git.open(repos.resolve(name).toFile())) {
                    old = g.log().setMaxCount(2).call().iterator().next().getParents()[0];
                }
                ReposConfig l = lock(aggregate("./" + name, remotes("o", daemon.url(name)), merge("o", old, "o main")));
                aggregator(tmp.resolve("p-" + name)).run(l);
                assertEquals("old\n", Files.readString(tmp.resolve("p-" + name + "/src/" + name + "/a.py")));
                boolean fellBack = messages.stream().anyMatch(m -> m.startsWith("WARN") && m.contains("does not serve commit")
                        && m.contains("refs/heads/main") && m.contains("allowReachableSHA1InWant"));
                assertEquals(name.equals("strict"), fellBack, messages.toString());
            }
            // Without the branch it came from, a refused SHA is a clear error.
            RevCommit old;
            try (Git g = Git.open(repos.resolve("strict").toFile())) {
                old = g.log().setMaxCount(2).call().iterator().next().getParents()[0];
            }
            Path fresh = tmp.resolve("p-none");
            ReposConfig l = lock(aggregate("./strict", remotes("o", daemon.url("strict")), merge("o", old, null)));
            Files.walk(tmp.resolve("cache")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            speakProtocolV0(daemon.url("strict"));
            OdooImageException e = assertThrows(OdooImageException.class, () -> aggregator(fresh).run(l));
            assertTrue(e.getMessage().contains("not found") && e.getMessage().contains(old.name()), e.getMessage());

            // ... unless the aggregate's target branch on that remote contains it.
            messages.clear();
            ReposConfig withTarget = new ReposConfig(null, List.of(new dev.odooimage.repos.Aggregate("./strict",
                    remotes("o", daemon.url("strict")), List.of(merge("o", old, null)),
                    new dev.odooimage.repos.Target("o", "main"), null, Map.of(), 0)));
            aggregator(tmp.resolve("p-target")).run(withTarget);
            assertEquals("old\n", Files.readString(tmp.resolve("p-target/src/strict/a.py")));
            assertTrue(messages.stream().anyMatch(m -> m.startsWith("WARN") && m.contains("refs/heads/main")), messages.toString());
        }
    }

    @Test
    void serverDyingMidFetchFailsCleanlyAndARetrySucceeds() throws Exception {
        Path repos = tmp.resolve("srv");
        Git big = Fixtures.init(repos.resolve("big"));
        StoredConfig cfg = big.getRepository().getConfig();
        cfg.setInt("core", null, "compression", 0); // incompressible anyway; keeps the fixture fast
        cfg.setInt("pack", null, "compression", 0);
        cfg.save();
        Random random = new Random(42);
        byte[] buf = new byte[1 << 20];
        // 48 MiB of incompressible content: a fetch long enough to be cut in the middle.
        for (int i = 0; i < 48; i++) {
            random.nextBytes(buf);
            Path f = repos.resolve("big").resolve("blob" + i + ".bin");
            try (OutputStream os = Files.newOutputStream(f)) {
                os.write(buf);
            }
        }
        RevCommit c = commit(big, "big");
        big.close();
        try (GitDaemon daemon = new GitDaemon(repos)) {
            String url = daemon.url("big");
            ReposConfig l = lock(aggregate("./big", remotes("o", url), merge("o", c, "o main")));
            Path work = tmp.resolve("target/odoo");
            Path entry = tmp.resolve("cache").resolve(GitCache.entryName(url));
            CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
                long deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline) {
                    if (receiving(entry)) {
                        daemon.kill();
                        return;
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            });
            OdooImageException e = assertThrows(OdooImageException.class, () -> aggregator(work).run(l));
            killer.join();
            assertTrue(e.getMessage().contains("./big") && e.getMessage().contains("git://127.0.0.1"), e.getMessage());
            assertFalse(Files.exists(work.resolve("src/big")), "no half-written aggregate");
            assertTrue(SrcManifest.read(work.resolve("src.json")).map(m -> m.aggregates().isEmpty()).orElse(true));
            assertFalse(Files.exists(entry.resolve("odoo-cache.ok")), "the interrupted entry is not marked good");

            daemon.start();
            Aggregator.Summary s = aggregator(work).run(l);
            assertEquals(List.of("./big"), s.rebuilt());
            assertTrue(Files.exists(entry.resolve("odoo-cache.ok")));
            for (int i : new int[] {0, 17, 47}) {
                assertEquals(-1L, Files.mismatch(repos.resolve("big/blob" + i + ".bin"), work.resolve("src/big/blob" + i + ".bin")));
            }
        }
    }

    /** True once the fetch has started writing a pack into the cache entry. */
    private static boolean receiving(Path entry) {
        Path objects = entry.resolve("objects");
        if (!Files.isDirectory(objects)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(objects)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("incoming_"));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }
}
