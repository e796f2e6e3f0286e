package dev.odooimage.repos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The lock is consumed by the real git-aggregator (installed from PyPI into a venv under
 * target/): its config loader accepts it, and {@code gitaggregate aggregate} builds the
 * pinned commits, not the branch heads that moved after locking. Skipped, loudly, only
 * when PyPI cannot be reached.
 */
class GitAggregatorCompatibilityTest {

    static Path venv = Path.of("target", "git-aggregator-venv").toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void installGitAggregator() throws Exception {
        Path gitaggregate = venv.resolve("bin/gitaggregate");
        if (Files.isExecutable(gitaggregate)) {
            return;
        }
        Result mk = run(List.of("/usr/bin/python3", "-m", "venv", venv.toString()), Path.of("."), Map.of());
        assertEquals(0, mk.code, mk.output);
        Result pip = run(List.of(venv.resolve("bin/pip").toString(), "install", "--disable-pip-version-check", "-q",
                "git-aggregator==4.1"), Path.of("."), Map.of());
        if (pip.code != 0) {
            System.err.println("!!! SKIPPING GitAggregatorCompatibilityTest: cannot install git-aggregator from PyPI:\n"
                    + pip.output);
            Assumptions.abort("PyPI unreachable: git-aggregator could not be installed (see stderr)");
        }
    }

    @Test
    void realGitAggregatorLoadsTheLockAndAggregatesThePinnedCommits() throws Exception {
        GitRepos g = new GitRepos(tmp.resolve("remotes"));
        Path project = Files.createDirectories(tmp.resolve("project"));
        try (GitRepos.Repo odoo = g.create("odoo", "17.0")) {
            odoo.commit("17.0");
            try (GitRepos.Repo nuobit = g.cloneOf("nuobit", odoo); GitRepos.Repo ff = g.cloneOf("ff", odoo)) {
                String h1 = nuobit.commit("17.0-hotfix-stock");
                String f1 = ff.commit("release");
                ff.annotatedTag("v17.0.1", "release");
                String p = odoo.head("17.0");
                Files.writeString(project.resolve("repos.yaml"), """
                        ./odoo:
                          remotes:
                            odoo: %s
                            nuobit: %s
                            ff: %s
                          merges:
                            - odoo 17.0
                            - nuobit 17.0-hotfix-stock
                            - remote: ff
                              ref: v17.0.1
                              depth: 50
                          target: nuobit 17.0
                          defaults:
                            depth: 100
                          fetch_all:
                            - odoo
                        """.formatted(odoo.url(), nuobit.url(), ff.url()));
                Path lock = project.resolve("repos.lock.yaml");
                new LockRepos(new LsRemote(GitAccess.anonymous()), 3).run(project.resolve("repos.yaml"), lock,
                        Refresh.none());

                // git-aggregator's own loader: remotes, merges, target exactly as we meant them.
                Result loaded = run(List.of(venv.resolve("bin/python").toString(), "-c",
                        "import json,sys; from git_aggregator.config import load_config; "
                                + "r=load_config(sys.argv[1]); "
                                + "[x.update(fetch_all=sorted(x['fetch_all'])) for x in r]; print(json.dumps(r))",
                        lock.toString()), project, Map.of());
                assertEquals(0, loaded.code, loaded.output);
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> repos = new ObjectMapper().readValue(loaded.output, List.class);
                assertEquals(1, repos.size());
                Map<String, Object> r = repos.get(0);
                assertEquals(project.resolve("odoo").toString(), r.get("cwd"));
                assertEquals(List.of(Map.of("remote", "odoo", "ref", p), Map.of("remote", "nuobit", "ref", h1),
                        Map.of("remote", "ff", "ref", f1, "depth", 50)), r.get("merges"));
                assertEquals(Map.of("remote", "nuobit", "branch", "17.0"), r.get("target"));
                assertEquals(Map.of("depth", 100), r.get("defaults"));
                assertEquals(List.of("odoo"), r.get("fetch_all"));
                assertEquals(List.of(Map.of("name", "odoo", "url", odoo.url()), Map.of("name", "nuobit", "url",
                        nuobit.url()), Map.of("name", "ff", "url", ff.url())), r.get("remotes"));

                // Upstream moves after locking; aggregation must still build the locked commits.
                String moved = odoo.commit("17.0");
                Result agg = run(List.of(venv.resolve("bin/gitaggregate").toString(), "-c", lock.toString(),
                        "aggregate"), project, Map.of("GIT_AUTHOR_NAME", "t", "GIT_AUTHOR_EMAIL", "t@example.com",
                                "GIT_COMMITTER_NAME", "t", "GIT_COMMITTER_EMAIL", "t@example.com",
                                "HOME", tmp.toString(), "GIT_CONFIG_NOSYSTEM", "1"));
                assertEquals(0, agg.code, agg.output);
                try (Git out = Git.open(project.resolve("odoo").toFile()); RevWalk walk = new RevWalk(out.getRepository())) {
                    var head = walk.parseCommit(out.getRepository().resolve("HEAD"));
                    for (String sha : List.of(p, h1, f1)) {
                        assertTrue(walk.isMergedInto(walk.parseCommit(out.getRepository().resolve(sha)), head),
                                sha + " is in the aggregated history");
                    }
                    assertFalse(out.getRepository().getObjectDatabase().has(
                            org.eclipse.jgit.lib.ObjectId.fromString(moved))
                            && walk.isMergedInto(walk.parseCommit(org.eclipse.jgit.lib.ObjectId.fromString(moved)), head),
                            "the commit made after locking is not aggregated");
                    assertEquals("17.0", out.getRepository().getBranch());
                }
            }
        }
    }

    record Result(int code, String output) {
    }

    static Result run(List<String> cmd, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).directory(dir.toFile()).redirectErrorStream(false);
        pb.environment().putAll(env);
        Path err = Files.createTempFile("gitagg", ".err");
        pb.redirectError(err.toFile());
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!proc.waitFor(5, TimeUnit.MINUTES)) {
            proc.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        String errText = Files.readString(err);
        Files.delete(err);
        return new Result(proc.exitValue(), proc.exitValue() == 0 ? out : out + errText);
    }
}
