package dev.odooimage.imageprep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Stamp;

/**
 * The commit checked out in the image project's own directory, for the revision label.
 * Only {@code <dir>/.git} counts (a directory, or the file of a linked worktree or
 * submodule), never a repository further up: a project copied into another checkout must
 * not take that checkout's commit.
 *
 * <p>JGit reads the commit. Starting JGit in a fresh Maven JVM costs a no-op build 0.1-0.4 s, so
 * {@link #of(Path, Path)} keeps JGit's answer in a stamp keyed on the bytes of every file JGit
 * resolves {@code HEAD} from ({@link RevisionKey}) and asks JGit again only when one of them
 * changed. A dirty work tree is not part of the answer, with or without the stamp.
 */
public final class ProjectRevision {
    private ProjectRevision() {
    }

    /** JGit's answer, always read. */
    public static Optional<String> of(Path projectDir) {
        String commit = read(projectDir);
        return commit == null || commit.isEmpty() ? Optional.empty() : Optional.of(commit);
    }

    /** The commit; "" when there is none yet (unborn branch); null when JGit could not tell. */
    private static String read(Path projectDir) {
        if (!Files.exists(projectDir.resolve(".git"))) {
            return null;
        }
        try (Repository repo = new FileRepositoryBuilder().setWorkTree(projectDir.toFile()).setMustExist(true)
                .build()) {
            ObjectId head = repo.resolve("HEAD^{commit}");
            return head == null ? "" : head.getName();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * JGit's answer as {@link #of(Path)} gives it, taken from {@code stampFile} when the files
     * it comes from have the bytes they had when JGit last read them.
     */
    public static Optional<String> of(Path projectDir, Path stampFile) {
        if (!Files.exists(projectDir.resolve(".git"))) {
            return Optional.empty();
        }
        // The key is read before JGit reads: a ref moved in between makes the key stale (JGit
        // reads again next time), never the recorded commit.
        String key = RevisionKey.of(projectDir);
        if (key == null) {
            return of(projectDir);
        }
        Properties recorded = Stamp.readRecord(stampFile);
        if (recorded != null && key.equals(recorded.getProperty("key")) && recorded.getProperty("commit") != null) {
            String commit = recorded.getProperty("commit");
            return commit.isEmpty() ? Optional.empty() : Optional.of(commit);
        }
        String commit = read(projectDir);
        if (commit == null) {
            return Optional.empty(); // not kept: whatever stopped JGit may not show in the key's files
        }
        try {
            Files.createDirectories(stampFile.getParent());
            AtomicFiles.writeString(stampFile, "key=" + key + "\ncommit=" + commit + "\n");
        } catch (IOException | UncheckedIOException e) {
            // Only a shortcut: without the stamp the next build asks JGit again.
        }
        return commit.isEmpty() ? Optional.empty() : Optional.of(commit);
    }
}
