package dev.odooimage.imageprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectRevisionTest {
    @TempDir
    Path tmp;

    /**
     * JGit's answer, checked to be what the stamped form gives both on a first read and on a
     * second one (which takes it from the stamp when the repository's files did not change).
     */
    private Optional<String> revision(Path dir) throws IOException {
        Optional<String> jgit = ProjectRevision.of(dir);
        Path stamp = tmp.resolve("stamps").resolve(dir.getFileName() + "-revision");
        assertEquals(jgit, ProjectRevision.of(dir, stamp), "stamped, first read");
        assertEquals(jgit, ProjectRevision.of(dir, stamp), "stamped, second read");
        return jgit;
    }

    @Test
    void theStampIsUsedWhileTheRefFilesDoNotChange() throws Exception {
        Path repo = tmp.resolve("stamped");
        Path stamp = tmp.resolve("stamps/stamped");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            RevCommit first = commit(git, repo, "one");
            assertEquals(Optional.of(first.getName()), ProjectRevision.of(repo, stamp));
            // Proof that the second read comes from the stamp: a recorded answer with the same key wins.
            String fake = "f".repeat(40);
            Files.writeString(stamp, Files.readString(stamp).replace(first.getName(), fake));
            assertEquals(Optional.of(fake), ProjectRevision.of(repo, stamp));
            Files.writeString(repo.resolve("dirty"), "not committed\n");
            assertEquals(Optional.of(fake), ProjectRevision.of(repo, stamp), "a dirty tree does not count");

            RevCommit second = commit(git, repo, "two");
            assertEquals(Optional.of(second.getName()), ProjectRevision.of(repo, stamp), "a new commit on the branch");
            git.branchCreate().setName("other").setStartPoint(first).call();
            git.checkout().setName("other").call();
            assertEquals(Optional.of(first.getName()), ProjectRevision.of(repo, stamp), "another branch");
            // The branch moved in packed-refs only (git pack-refs, a fetch into a packed clone).
            Files.delete(repo.resolve(".git/refs/heads/other"));
            Files.writeString(repo.resolve(".git/packed-refs"), "# pack-refs with: peeled fully-peeled sorted \n"
                    + second.getName() + " refs/heads/other\n");
            assertEquals(Optional.of(second.getName()), ProjectRevision.of(repo, stamp), "packed ref moved");
            Files.writeString(repo.resolve(".git/packed-refs"), "# pack-refs with: peeled fully-peeled sorted \n"
                    + first.getName() + " refs/heads/other\n");
            assertEquals(Optional.of(first.getName()), ProjectRevision.of(repo, stamp), "only packed-refs changed");
            git.checkout().setName(first.getName()).call();
            assertEquals(Optional.of(first.getName()), ProjectRevision.of(repo, stamp), "detached HEAD");
        }
    }

    @Test
    void aReadThatFailedIsNotKept() throws Exception {
        Path repo = tmp.resolve("unreadable");
        Path stamp = tmp.resolve("stamps/unreadable");
        RevCommit first;
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            first = commit(git, repo, "one");
        }
        // The commit object is damaged (none of the key's files changes): JGit cannot tell the commit.
        Path object = repo.resolve(".git/objects/" + first.getName().substring(0, 2) + "/"
                + first.getName().substring(2));
        byte[] bytes = Files.readAllBytes(object);
        Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(object, new byte[] {1, 2, 3});
        assertEquals(Optional.empty(), ProjectRevision.of(repo));
        assertEquals(Optional.empty(), ProjectRevision.of(repo, stamp));
        assertFalse(Files.exists(stamp), "no answer is kept");
        Files.write(object, bytes);
        assertEquals(Optional.of(first.getName()), ProjectRevision.of(repo, stamp));
    }

    private static RevCommit commit(Git git, Path repo, String message) throws Exception {
        Files.writeString(repo.resolve("f"), message);
        git.add().addFilepattern("f").call();
        return git.commit().setMessage(message).setAuthor("t", "t@example.org").setCommitter("t", "t@example.org")
                .call();
    }

    @Test
    void readsTheCheckedOutCommitFromLooseRefsPackedRefsAndDetachedHead() throws Exception {
        Path repo = tmp.resolve("image-repo");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            assertEquals(Optional.empty(), revision(repo), "no commit yet");
            Files.writeString(repo.resolve("repos.yaml"), "{}\n");
            git.add().addFilepattern(".").call();
            RevCommit first = git.commit().setMessage("one").setAuthor("t", "t@example.org")
                    .setCommitter("t", "t@example.org").call();
            assertEquals(Optional.of(first.getName()), revision(repo));

            Files.writeString(repo.resolve("repos.yaml"), "{a: 1}\n");
            git.add().addFilepattern(".").call();
            RevCommit second = git.commit().setMessage("two").setAuthor("t", "t@example.org")
                    .setCommitter("t", "t@example.org").call();
            // Packed refs (what a fresh clone has): move the branch into packed-refs.
            Path loose = repo.resolve(".git/refs/heads/main");
            Files.delete(loose);
            Files.writeString(repo.resolve(".git/packed-refs"),
                    "# pack-refs with: peeled fully-peeled sorted \n" + second.getName() + " refs/heads/main\n");
            assertEquals(Optional.of(second.getName()), revision(repo));

            git.checkout().setName(first.getName()).call();
            assertEquals(Optional.of(first.getName()), revision(repo), "detached HEAD");
        }
        assertTrue(revision(tmp.resolve("not-a-repo")).isEmpty());
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
        assertEquals(Optional.of(sha), revision(wt));

        // The worktree's own HEAD moves (a checkout there): detached at a new commit of the main repository.
        String second;
        try (Git git = Git.open(main.toFile())) {
            second = commit(git, main, "second").getName();
        }
        Path stamp = tmp.resolve("stamps/wt-revision");
        assertEquals(Optional.of(second), ProjectRevision.of(wt, stamp), "the branch moved in the common directory");
        Files.writeString(gitDir.resolve("HEAD"), second + "\n");
        assertEquals(Optional.of(second), ProjectRevision.of(wt, stamp), "the worktree's HEAD is keyed");
        Files.writeString(gitDir.resolve("HEAD"), sha + "\n");
        assertEquals(Optional.of(sha), ProjectRevision.of(wt, stamp));
        Files.writeString(gitDir.resolve("HEAD"), "ref: refs/heads/main\n");
        assertEquals(Optional.of(second), ProjectRevision.of(wt, stamp), "back on the branch");
    }
}
