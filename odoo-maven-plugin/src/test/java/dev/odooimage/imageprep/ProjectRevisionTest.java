package dev.odooimage.imageprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectRevisionTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheCheckedOutCommitFromLooseRefsPackedRefsAndDetachedHead() throws Exception {
        Path repo = tmp.resolve("image-repo");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            assertEquals(Optional.empty(), ProjectRevision.of(repo), "no commit yet");
            Files.writeString(repo.resolve("repos.yaml"), "{}\n");
            git.add().addFilepattern(".").call();
            RevCommit first = git.commit().setMessage("one").setAuthor("t", "t@example.org")
                    .setCommitter("t", "t@example.org").call();
            assertEquals(Optional.of(first.getName()), ProjectRevision.of(repo));

            Files.writeString(repo.resolve("repos.yaml"), "{a: 1}\n");
            git.add().addFilepattern(".").call();
            RevCommit second = git.commit().setMessage("two").setAuthor("t", "t@example.org")
                    .setCommitter("t", "t@example.org").call();
            // Packed refs (what a fresh clone has): move the branch into packed-refs.
            Path loose = repo.resolve(".git/refs/heads/main");
            Files.delete(loose);
            Files.writeString(repo.resolve(".git/packed-refs"),
                    "# pack-refs with: peeled fully-peeled sorted \n" + second.getName() + " refs/heads/main\n");
            assertEquals(Optional.of(second.getName()), ProjectRevision.of(repo));

            git.checkout().setName(first.getName()).call();
            assertEquals(Optional.of(first.getName()), ProjectRevision.of(repo), "detached HEAD");
        }
        assertTrue(ProjectRevision.of(tmp.resolve("not-a-repo")).isEmpty());
    }

    @Test
    void followsTheGitFileOfALinkedWorktree() throws Exception {
        Path main = tmp.resolve("main");
        String sha;
        try (Git git = Git.init().setDirectory(main.toFile()).setInitialBranch("main").call()) {
            Files.writeString(main.resolve("f"), "x");
            git.add().addFilepattern(".").call();
            sha = git.commit().setMessage("c").setAuthor("t", "t@example.org").setCommitter("t", "t@example.org")
                    .call().getName();
        }
        // The layout `git worktree add` makes: .git file -> gitdir with HEAD and commondir.
        Path gitDir = main.resolve(".git/worktrees/wt");
        Files.createDirectories(gitDir);
        Files.writeString(gitDir.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(gitDir.resolve("commondir"), "../..\n");
        Path wt = tmp.resolve("wt");
        Files.createDirectories(wt);
        Files.writeString(wt.resolve(".git"), "gitdir: " + gitDir + "\n");
        assertEquals(Optional.of(sha), ProjectRevision.of(wt));
    }
}
