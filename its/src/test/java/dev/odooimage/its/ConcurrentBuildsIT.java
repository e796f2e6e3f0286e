package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.MavenRunner;

/**
 * Two real {@code mvn odoo:aggregate} of one project at once (issue 16, item 1): the second
 * waits for the first, says so, and both end with the whole tree; the next run trusts it.
 */
class ConcurrentBuildsIT {
    private static final int FILES = 8000;

    @Test
    void twoBuildsOfOneProjectTakeTurns() throws Exception {
        Path work = ItWork.dir(ConcurrentBuildsIT.class, "two-builds");
        GitFixtures git = GitFixtures.create(work.resolve("git"));
        git.init("big");
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < FILES; i++) {
            files.put("addon_" + (i / 100) + "/data/file_" + i + ".py", "# file " + i + "\n" + "x = 1\n".repeat(20));
        }
        git.commit("big", git.series(), files, "[ADD] a large tree");
        Path project = ArchetypeProject.generate(work, "concurrent-it", Map.of());
        MavenRunner mvn = MavenRunner.fromSystemProperties().withArgs("-Dodoo.base.allowUnpinned",
                "-Dodoo.aggregate.allowShellCommands=true");
        Files.writeString(project.resolve("repos.yaml"), """
                ./big:
                  remotes:
                    origin: %s
                  merges:
                    - origin %s
                  # Keeps the first build inside the lock long enough for the second to meet it.
                  shell_command_after: sleep 6
                """.formatted(git.fileUrl("big"), git.series()));
        Files.deleteIfExists(project.resolve("repos.lock.yaml"));
        mvn.run(project, work.resolve("0-lock.log"), "odoo:lock").assertSuccess();
        String cache = "-Dodoo.aggregate.gitCache=" + work.resolve("git-cache");

        Path log1 = work.resolve("1-first.log");
        Path log2 = work.resolve("2-second.log");
        CompletableFuture<MavenRunner.Result> first = CompletableFuture
                .supplyAsync(() -> mvn.run(project, log1, "odoo:aggregate", cache));
        // The second starts once the first holds the project (it logs "Aggregating" under the lock).
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!contains(log1, "Aggregating 1 of 1") && !first.isDone() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        MavenRunner.Result second = mvn.run(project, log2, "odoo:aggregate", cache);
        MavenRunner.Result one = first.get(10, TimeUnit.MINUTES);
        one.assertSuccess().assertOutputContains("Aggregated 1 aggregate(s)");
        second.assertSuccess().assertOutputContains("Waiting for another build of this project to finish")
                .assertOutputContains("Sources up to date: 1 aggregate(s)");

        Path src = project.resolve("target/odoo/src/big");
        try (Stream<Path> all = Files.walk(src)) {
            assertEquals(FILES, all.filter(Files::isRegularFile).count(), "every file of the tree is there");
        }
        assertFalse(Files.exists(project.resolve("target/odoo/.aggregate-tmp")), "no staging left behind");
        // The tree src.json describes is the one on disk: the next run verifies and trusts it.
        mvn.run(project, work.resolve("3-again.log"), "odoo:aggregate", cache).assertSuccess()
                .assertOutputContains("Sources up to date: 1 aggregate(s)");
        assertTrue(Files.isRegularFile(src.resolve("addon_0/data/file_0.py")));
    }

    private static boolean contains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false; // being written: try again
        }
    }
}
