package dev.odooimage.aggregate;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.odooimage.repos.ReposConfig;
import dev.odooimage.util.AtomicFiles;

/**
 * Removes from src/ everything the lock does not name: aggregates dropped from the lock,
 * leftovers of an interrupted swap, stray files. src/ then holds the locked aggregates and
 * the directories that lead to nested ones ({@code oca/} for {@code ./oca/server-tools}).
 */
final class SrcPruner {
    private SrcPruner() {
    }

    static void prune(Path src, ReposConfig lock, AggregateLog log) throws IOException {
        prune(src, "", Aggregator.dirs(lock), log);
    }

    private static void prune(Path dir, String prefix, Set<String> wanted, AggregateLog log) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        }
        for (Path child : children) {
            String rel = prefix + child.getFileName();
            if (wanted.contains(rel)) {
                continue;
            }
            boolean ancestor = wanted.stream().anyMatch(w -> w.startsWith(rel + "/"));
            if (ancestor && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                prune(child, rel + "/", wanted, log);
            } else {
                log.info("Removing src/" + rel + ": not in the lock");
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    AtomicFiles.deleteRecursively(child);
                } else {
                    Files.delete(child);
                }
            }
        }
    }
}
