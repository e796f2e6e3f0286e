package dev.odooimage.imageprep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The commit checked out in the image project's own directory, for the revision label.
 * Only {@code <dir>/.git} counts (a directory, or the file of a linked worktree or
 * submodule), never a repository further up: a project copied into another checkout must
 * not take that checkout's commit.
 */
public final class ProjectRevision {
    private ProjectRevision() {
    }

    public static Optional<String> of(Path projectDir) {
        if (!Files.exists(projectDir.resolve(".git"))) {
            return Optional.empty();
        }
        try (Repository repo = new FileRepositoryBuilder().setWorkTree(projectDir.toFile()).setMustExist(true)
                .build()) {
            ObjectId head = repo.resolve("HEAD^{commit}");
            return head == null ? Optional.empty() : Optional.of(head.getName()); // unborn branch: no commit yet
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
