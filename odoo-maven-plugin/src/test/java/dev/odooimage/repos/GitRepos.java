package dev.odooimage.repos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/** Real local git repositories for tests, made with JGit and reached through file:// URLs. */
final class GitRepos {
    private final Path root;
    private int counter;

    GitRepos(Path root) {
        this.root = root;
    }

    /** A new repository with one commit on {@code branch}. */
    Repo create(String name, String branch) throws Exception {
        Path dir = root.resolve(name);
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch(branch).call();
        Repo r = new Repo(git, dir);
        r.commit(branch);
        return r;
    }

    /** A clone of {@code origin} (shared history, so git can merge them), own commits on top. */
    Repo cloneOf(String name, Repo origin) throws Exception {
        Path dir = root.resolve(name);
        Git git = Git.cloneRepository().setURI(origin.url()).setDirectory(dir.toFile()).call();
        return new Repo(git, dir);
    }

    final class Repo implements AutoCloseable {
        final Git git;
        final Path dir;

        Repo(Git git, Path dir) {
            this.git = git;
            this.dir = dir;
        }

        String url() {
            return dir.toUri().toString();
        }

        /** Commits a new file on {@code branch} (created from HEAD when missing); returns its SHA. */
        String commit(String branch) throws Exception {
            if (git.getRepository().findRef("refs/heads/" + branch) == null
                    && git.getRepository().resolve("HEAD") != null) {
                git.branchCreate().setName(branch).call();
            }
            if (git.getRepository().resolve("HEAD") != null) {
                git.checkout().setName(branch).call();
            }
            Path f = dir.resolve("file-" + (++counter) + ".txt");
            Files.writeString(f, "content " + counter + " on " + branch + "\n");
            git.add().addFilepattern(".").call();
            RevCommit c = git.commit().setMessage("commit " + counter + " on " + branch).setSign(false).call();
            return c.name();
        }

        String head(String ref) throws IOException {
            ObjectId id = git.getRepository().resolve(ref);
            return id == null ? null : id.name();
        }

        /** An annotated tag on {@code ref}; returns the tag object's own id (not the commit). */
        String annotatedTag(String name, String ref) throws Exception {
            var target = git.getRepository().parseCommit(git.getRepository().resolve(ref));
            return git.tag().setName(name).setAnnotated(true).setMessage("release " + name).setSigned(false)
                    .setObjectId(target).call().getObjectId().name();
        }

        void lightweightTag(String name, String ref) throws Exception {
            var target = git.getRepository().parseCommit(git.getRepository().resolve(ref));
            git.tag().setName(name).setAnnotated(false).setObjectId(target).call();
        }

        @Override
        public void close() {
            git.close();
        }
    }
}
