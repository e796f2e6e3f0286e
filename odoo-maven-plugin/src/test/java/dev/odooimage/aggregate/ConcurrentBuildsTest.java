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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.repos.ReposConfig;

/** Two builds of one project: they take turns, and neither deletes what the other is writing. */
class ConcurrentBuildsTest {
    @TempDir
    Path tmp;

    final RecordingLog log = new RecordingLog();

    Aggregator aggregator(Path work) {
        return new Aggregator(new AggregateOptions(work, new GitCache(tmp.resolve("cache")), 2, false, tmp, null), log);
    }

    ReposConfig oneAggregate() throws Exception {
        Git odoo = Fixtures.init(tmp.resolve("odoo"));
        write(odoo, "odoo/__init__.py", "# odoo\n");
        RevCommit c = commit(odoo, "init");
        return lock(aggregate("./odoo", remotes("odoo", url(odoo)), merge("odoo", c, "odoo main")));
    }

    @Test
    void aSecondBuildWaitsForTheFirstAndSaysSo() throws Exception {
        ReposConfig lock = oneAggregate();
        Path work = tmp.resolve("target/odoo");
        CompletableFuture<Aggregator.Summary> second;
        try (WorkLock first = WorkLock.acquire(work, m -> {
        })) {
            second = CompletableFuture.supplyAsync(() -> aggregator(work).run(lock));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (log.messages.stream().noneMatch(m -> m.contains("Waiting for another build")) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            String waiting = log.messages.stream().filter(m -> m.contains("Waiting for another build")).findFirst()
                    .orElseThrow(() -> new AssertionError("no waiting message: " + log.messages));
            assertTrue(waiting.contains("process " + ProcessHandle.current().pid()), waiting);
            assertTrue(waiting.contains(WorkLock.FILE), waiting);
            Thread.sleep(200);
            assertFalse(second.isDone(), "the second build waits while the first holds the lock");
            assertFalse(Files.exists(work.resolve("src")), "nothing written while waiting");
        }
        assertEquals(1, second.get(60, TimeUnit.SECONDS).rebuilt().size());
        assertEquals("# odoo\n", Files.readString(work.resolve("src/odoo/odoo/__init__.py")));
    }

    @Test
    void aRunRemovesDeadRunsStagingButNeverALiveOnes() throws Exception {
        ReposConfig lock = oneAggregate();
        Path work = tmp.resolve("target/odoo");
        Path staging = work.resolve(".aggregate-tmp");
        // A live run's staging (this JVM's pid: alive), being written while this run starts.
        Path live = Files.createDirectories(staging.resolve(ProcessHandle.current().pid() + "-other/out"));
        Files.writeString(live.resolve("__init__.py"), "# being written\n");
        // A killed run's leftover: a pid that no process has (above Linux's pid_max).
        Path dead = Files.createDirectories(staging.resolve("2147483646-killed/out"));
        Files.writeString(dead.resolve("half.py"), "# half\n");

        aggregator(work).run(lock);

        assertEquals("# being written\n", Files.readString(live.resolve("__init__.py")), "a live run's staging is kept");
        assertFalse(Files.exists(dead), "a dead run's leftover is removed");
        try (var left = Files.list(staging)) {
            assertEquals(1, left.count(), "only the live run's directory is left");
        }
    }
}
