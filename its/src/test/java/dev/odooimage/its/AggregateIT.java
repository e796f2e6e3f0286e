package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.GitDaemon;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.MavenRunner;

/**
 * A generated project's {@code mvn generate-sources} (check-lock at validate, then
 * odoo:aggregate) materialises the locked fixture repositories served by a real git daemon;
 * the next run is a no-op; moving one merge in the lock rebuilds that aggregate only.
 */
class AggregateIT {

    @Test
    void generateSourcesAggregatesOnceAndRebuildsOnlyWhatMoved() throws Exception {
        Path work = ItWork.dir(AggregateIT.class, "aggregate");
        GitFixtures git = GitFixtures.create(work.resolve("git"));
        // 17.0 moves on after 17.0-hotfix branched: merging both needs a real merge commit.
        git.commit(GitFixtures.ODOO, "17.0", Map.of("UPSTREAM.txt", "moved on\n"), "[IMP] upstream");
        try (GitDaemon daemon = GitDaemon.start(git.root())) {
            Path project = ArchetypeProject.generate(work, "aggregate-it", Map.of());
            // The base image pin is PinBaseIT's subject; these projects keep the archetype's tag.
            MavenRunner mvn = MavenRunner.fromSystemProperties().withArgs("-Dodoo.base.allowUnpinned");
            Files.writeString(project.resolve("repos.yaml"), """
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
                    ./customer:
                      remotes:
                        customer: %s
                      merges:
                        - customer 17.0
                    """.formatted(daemon.url(GitFixtures.ODOO), daemon.url(GitFixtures.OCA_TOOLS),
                    daemon.url(GitFixtures.CUSTOMER_ADDON)));
            Files.deleteIfExists(project.resolve("repos.lock.yaml"));
            String cache = "-Dodoo.aggregate.gitCache=" + work.resolve("git-cache");

            // No lock: the goal says what to run.
            mvn.run(project, work.resolve("0-no-lock.log"), "odoo:aggregate", cache).assertFailure()
                    .assertOutputContains("run mvn odoo:lock");

            mvn.run(project, work.resolve("1-lock.log"), "odoo:lock").assertSuccess();
            mvn.run(project, work.resolve("2-generate-sources.log"), "generate-sources", cache).assertSuccess()
                    .assertOutputContains("repos.lock.yaml agrees with repos.yaml")
                    .assertOutputContains("Aggregated 3 aggregate(s), 0 up to date");

            Path src = project.resolve("target/odoo/src");
            assertTrue(Files.isRegularFile(src.resolve("odoo/odoo-bin")));
            assertTrue(Files.isExecutable(src.resolve("odoo/odoo-bin")), "odoo-bin keeps its exec bit");
            assertEquals("moved on\n", Files.readString(src.resolve("odoo/UPSTREAM.txt")));
            Map.Entry<String, String> hotfix = changedIn(git, "17.0-hotfix", "17.0");
            assertEquals(hotfix.getValue(), Files.readString(src.resolve("odoo").resolve(hotfix.getKey())),
                    "the hotfix merge is in: " + hotfix.getKey());
            assertTrue(Files.isDirectory(src.resolve("oca/tools/tools_base")));
            assertTrue(Files.isRegularFile(src.resolve("customer/__manifest__.py")));
            try (Stream<Path> all = Files.walk(src)) {
                assertTrue(all.noneMatch(p -> p.getFileName().toString().equals(".git")), "no .git in src");
            }
            JsonNode manifest = new ObjectMapper().readTree(project.resolve("target/odoo/src.json").toFile());
            assertEquals(List.of("./odoo", "./oca/tools", "./customer"),
                    manifest.get("aggregates").findValuesAsText("path"));
            assertEquals(git.head(GitFixtures.ODOO, "17.0-hotfix"),
                    manifest.get("aggregates").get(0).get("merges").get(1).get("sha").asText());
            String odooDigest = manifest.get("aggregates").get(0).get("digest").asText();

            // Nothing changed: nothing is fetched or written.
            mvn.run(project, work.resolve("3-again.log"), "generate-sources", cache).assertSuccess()
                    .assertOutputContains("Sources up to date: 3 aggregate(s) match repos.lock.yaml");

            // One merge moves: that aggregate only is rebuilt.
            git.commit(GitFixtures.OCA_TOOLS, "17.0", Map.of("NEW_IN_TOOLS.txt", "new\n"), "[IMP] tools");
            mvn.run(project, work.resolve("4-refresh.log"), "odoo:lock", "-Dodoo.repos.refreshMerge=./oca/tools oca 17.0")
                    .assertSuccess();
            MavenRunner.Result moved = mvn.run(project, work.resolve("5-rebuild.log"), "generate-sources", cache)
                    .assertSuccess().assertOutputContains("Aggregated 1 aggregate(s), 2 up to date")
                    .assertOutputContains("  ./oca/tools: 1 merge(s), cache miss");
            assertFalse(moved.output().contains("  ./odoo: "), "./odoo was not rebuilt");
            assertEquals("new\n", Files.readString(src.resolve("oca/tools/NEW_IN_TOOLS.txt")));
            JsonNode after = new ObjectMapper().readTree(project.resolve("target/odoo/src.json").toFile());
            assertEquals(odooDigest, after.get("aggregates").get(0).get("digest").asText());

            // A second project on the same cache fetches nothing, even with the server gone.
            daemon.kill();
            Path second = ArchetypeProject.generate(work, "aggregate-it-2", Map.of());
            Files.copy(project.resolve("repos.yaml"), second.resolve("repos.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(project.resolve("repos.lock.yaml"), second.resolve("repos.lock.yaml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            mvn.run(second, work.resolve("6-second-project.log"), "generate-sources", cache).assertSuccess()
                    .assertOutputContains("fetched 0 B in 0 fetch(es)");
        }
    }

    /** A file the hotfix branch adds or changes over 17.0, with its content there. */
    private static Map.Entry<String, String> changedIn(GitFixtures git, String branch, String base) throws Exception {
        try (org.eclipse.jgit.lib.Repository r = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
                .setGitDir(git.repoDir(GitFixtures.ODOO).toFile()).setMustExist(true).build();
                org.eclipse.jgit.revwalk.RevWalk w = new org.eclipse.jgit.revwalk.RevWalk(r);
                org.eclipse.jgit.treewalk.TreeWalk tw = new org.eclipse.jgit.treewalk.TreeWalk(r)) {
            tw.addTree(w.parseCommit(r.resolve(base)).getTree());
            tw.addTree(w.parseCommit(r.resolve(branch)).getTree());
            tw.setRecursive(true);
            tw.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
            while (tw.next()) {
                if (tw.getRawMode(1) != 0) {
                    return Map.entry(tw.getPathString(), new String(r.open(tw.getObjectId(1)).getBytes(),
                            java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        throw new IllegalStateException("17.0-hotfix changes no file over 17.0");
    }
}
