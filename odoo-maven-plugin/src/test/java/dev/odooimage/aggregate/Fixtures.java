package dev.odooimage.aggregate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;

import dev.odooimage.repos.Aggregate;
import dev.odooimage.repos.Merge;
import dev.odooimage.repos.ReposConfig;

/** Real git repositories made by the tests (JGit), and the C git CLI as an independent oracle. */
final class Fixtures {
    private Fixtures() {
    }

    static Git init(Path dir) throws Exception {
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        StoredConfig c = git.getRepository().getConfig();
        c.setString("user", null, "name", "Test");
        c.setString("user", null, "email", "test@example.com");
        c.save();
        return git;
    }

    /** A clone of {@code origin}, to make a fork with its own branches. */
    static Git fork(Path origin, Path dir) throws Exception {
        Git git = Git.cloneRepository().setURI(origin.toUri().toString()).setDirectory(dir.toFile()).call();
        StoredConfig c = git.getRepository().getConfig();
        c.setString("user", null, "name", "Test");
        c.setString("user", null, "email", "test@example.com");
        c.save();
        return git;
    }

    /** Lets clients fetch any reachable commit by SHA (as GitHub does). */
    static void allowReachableSha(Git git) throws IOException {
        StoredConfig c = git.getRepository().getConfig();
        c.setBoolean("uploadpack", null, "allowReachableSHA1InWant", true);
        c.save();
    }

    static void write(Git git, String path, String content) throws IOException {
        Path p = git.getRepository().getWorkTree().toPath().resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    static void exec(Git git, String path, String content) throws IOException {
        write(git, path, content);
        Files.setPosixFilePermissions(git.getRepository().getWorkTree().toPath().resolve(path),
                PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static void symlink(Git git, String path, String target) throws IOException {
        Path p = git.getRepository().getWorkTree().toPath().resolve(path);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    static RevCommit commit(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        return git.commit().setMessage(message).call();
    }

    static String url(Git git) {
        return git.getRepository().getWorkTree().toPath().toUri().toString();
    }

    static Merge merge(String remote, RevCommit c, String lockedFrom) {
        return new Merge(remote, c.name(), null, lockedFrom, 0);
    }

    static Aggregate aggregate(String path, Map<String, String> remotes, Merge... merges) {
        return new Aggregate(path, remotes, List.of(merges), null, null, Map.of(), 0);
    }

    static Aggregate aggregate(String path, Map<String, String> remotes, Map<String, Object> extra, Merge... merges) {
        return new Aggregate(path, remotes, List.of(merges), null, null, extra, 0);
    }

    static Map<String, String> remotes(String... nameUrl) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameUrl.length; i += 2) {
            m.put(nameUrl[i], nameUrl[i + 1]);
        }
        return m;
    }

    static ReposConfig lock(Aggregate... aggs) {
        return new ReposConfig(null, List.of(aggs));
    }

    /**
     * What gitaggregate does for one aggregate, with the git CLI: reset to the first merge,
     * then {@code git pull --ff --no-rebase --no-edit} each following one. Returns the work
     * tree without .git.
     */
    static Path cliAggregate(Path dir, Aggregate agg) throws Exception {
        Files.createDirectories(dir);
        run(dir, "git", "init", "-q", "-b", "aggregated");
        run(dir, "git", "config", "user.name", "T");
        run(dir, "git", "config", "user.email", "t@e");
        for (var e : agg.remotes().entrySet()) {
            run(dir, "git", "remote", "add", e.getKey(), e.getValue());
        }
        List<Merge> merges = agg.merges();
        for (Merge m : merges) {
            run(dir, "git", "fetch", "-q", m.remote());
        }
        run(dir, "git", "reset", "-q", "--hard", merges.get(0).ref());
        for (Merge m : merges.subList(1, merges.size())) {
            run(dir, "git", "pull", "-q", "--ff", "--no-rebase", "--no-edit", m.remote(), m.ref());
        }
        dev.odooimage.util.AtomicFiles.deleteRecursively(dir.resolve(".git"));
        return dir;
    }

    static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
