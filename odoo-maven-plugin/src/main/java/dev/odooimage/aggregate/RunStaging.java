package dev.odooimage.aggregate;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.odooimage.util.AtomicFiles;

/**
 * One run's staging directory, {@code .aggregate-tmp/<pid>-<random>}: a run only ever
 * deletes its own, and the leftovers of runs whose process is gone (killed mid-build).
 * Another live run's directory is never touched, even by a build that bypassed the
 * {@link WorkLock} (an older plugin version, another work directory sharing the staging).
 */
final class RunStaging {
    private RunStaging() {
    }

    /** Creates this run's directory under {@code root}, after removing dead runs' leftovers. */
    static Path create(Path root) throws IOException {
        Files.createDirectories(root);
        removeLeftovers(root);
        return Files.createTempDirectory(root, ProcessHandle.current().pid() + "-");
    }

    /** Deletes this run's directory, and {@code root} when nothing else is in it. */
    static void remove(Path runDir) throws IOException {
        AtomicFiles.deleteRecursively(runDir);
        try {
            Files.deleteIfExists(runDir.getParent());
        } catch (DirectoryNotEmptyException e) {
            // another run's directory: it removes it itself
        }
    }

    private static void removeLeftovers(Path root) throws IOException {
        List<Path> children;
        try (var s = Files.list(root)) {
            children = s.toList();
        }
        for (Path p : children) {
            String name = p.getFileName().toString();
            int dash = name.indexOf('-');
            long pid = -1;
            if (dash > 0 && name.substring(0, dash).matches("[0-9]{1,18}")) {
                pid = Long.parseLong(name.substring(0, dash));
            }
            if (pid >= 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue; // a live run's (this JVM's other runs included)
            }
            AtomicFiles.deleteRecursively(p);
        }
    }
}
