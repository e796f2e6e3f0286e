package dev.odooimage.aggregate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.StringJoiner;
import java.util.TreeSet;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A throw-away bare repository in which one aggregate is merged. It borrows the objects of
 * the cache entries through {@code objects/info/alternates} (nothing is copied) and writes
 * only its own merge commits, so the cache is never modified by merging. Its
 * {@code shallow} file is the union of the entries' ones, so history walks stop where the
 * cached history stops.
 */
final class WorkRepo implements AutoCloseable {
    private final Path dir;
    private final Repository repo;

    private WorkRepo(Path dir, Repository repo) {
        this.dir = dir;
        this.repo = repo;
    }

    static WorkRepo create(Path dir, Collection<CacheEntry> entries) throws IOException {
        try {
            Git.init().setBare(true).setGitDir(dir.toFile()).setDirectory(dir.toFile()).call().close();
        } catch (GitAPIException e) {
            throw new IOException("cannot create work repository " + dir + ": " + e.getMessage(), e);
        }
        Files.createDirectories(dir.resolve("objects").resolve("info"));
        StringJoiner alternates = new StringJoiner("\n", "", "\n");
        TreeSet<String> shallow = new TreeSet<>();
        for (CacheEntry e : entries) {
            alternates.add(e.dir().resolve("objects").toAbsolutePath().toString());
            for (ObjectId id : e.shallowCommits()) {
                shallow.add(id.name());
            }
        }
        Files.writeString(dir.resolve("objects").resolve("info").resolve("alternates"), alternates.toString(),
                StandardCharsets.UTF_8);
        if (!shallow.isEmpty()) {
            Files.writeString(dir.resolve("shallow"), String.join("\n", shallow) + "\n", StandardCharsets.UTF_8);
        }
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
        return new WorkRepo(dir, repo);
    }

    Repository repo() {
        return repo;
    }

    @Override
    public void close() throws IOException {
        repo.close();
        dev.odooimage.util.AtomicFiles.deleteRecursively(dir);
    }
}
