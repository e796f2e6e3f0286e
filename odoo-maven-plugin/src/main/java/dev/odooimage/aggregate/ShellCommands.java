package dev.odooimage.aggregate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.ProcessRunner;
import dev.odooimage.util.UrlMask;

/**
 * git-aggregator's {@code shell_command_after}: the commands run with {@code sh -c} inside a
 * real checkout of the aggregated commit (they often call git), with the aggregate's
 * remotes configured, as gitaggregate runs them. Afterwards {@code .git} is removed and the
 * directory, as the commands left it, is the output.
 */
final class ShellCommands {
    /** A command that runs longer is stuck (waiting on the network or a prompt), not slow. */
    static final Duration TIMEOUT = Duration.ofMinutes(30);

    private ShellCommands() {
    }

    static void run(Repository work, ObjectId commit, Path out, Map<String, String> remotes, String branch,
            List<String> commands, String aggregate, AggregateLog log) throws IOException {
        Path gitDir = out.resolve(".git");
        try (Git git = Git.init().setDirectory(out.toFile()).setInitialBranch(branch).call()) {
            Repository r = git.getRepository();
            Files.writeString(gitDir.resolve("objects").resolve("info").resolve("alternates"),
                    work.getDirectory().toPath().resolve("objects").toAbsolutePath() + "\n", StandardCharsets.UTF_8);
            Path shallow = work.getDirectory().toPath().resolve("shallow");
            if (Files.exists(shallow)) {
                Files.copy(shallow, gitDir.resolve("shallow"));
            }
            StoredConfig cfg = r.getConfig();
            remotes.forEach((name, url) -> cfg.setString("remote", name, "url", url));
            cfg.save();
            RefUpdate u = r.updateRef("refs/heads/" + branch);
            u.setNewObjectId(commit);
            u.forceUpdate();
            try (RevWalk w = new RevWalk(r)) {
                DirCacheCheckout co = new DirCacheCheckout(r, r.lockDirCache(), w.parseCommit(commit).getTree());
                co.setFailOnConflict(true);
                co.checkout();
            }
        } catch (GitAPIException e) {
            throw new IOException("cannot prepare a checkout for shell_command_after: " + e.getMessage(), e);
        }
        for (String cmd : commands) {
            log.info("  " + aggregate + ": shell_command_after: " + cmd);
            ProcessRunner.Result r = ProcessRunner.command(List.of("sh", "-c", cmd)).directory(out).timeout(TIMEOUT)
                    .call();
            if (!r.output().isBlank()) {
                log.info(UrlMask.maskText(r.output().strip()));
            }
            if (!r.ok()) {
                throw new OdooImageException("aggregate " + aggregate + ": shell_command_after '" + cmd + "' "
                        + (r.timedOut() ? "did not finish within " + TIMEOUT.toMinutes() + " minutes"
                                : "failed with exit code " + r.exitCode())
                        + ". Fix the command in repos.yaml (and run mvn odoo:lock).");
            }
        }
        AtomicFiles.deleteRecursively(gitDir);
    }
}
