package dev.odooimage.aggregate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes the tree of a commit to a directory, the way {@code git archive | tar x} would:
 * only committed content (no {@code .git}, nothing ignored or untracked), the executable
 * bit kept, symlinks recreated as symlinks, submodules as empty directories. Modes are set
 * explicitly (0644/0755) so the result does not depend on the build user's umask.
 */
final class TreeExporter {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> EXEC = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> DIR = EXEC;

    /** What an export produced, for the progress line. */
    record Result(long files, long bytes, List<String> submodules) {
    }

    private TreeExporter() {
    }

    static Result export(Repository repo, ObjectId tree, Path dir) throws IOException {
        Files.createDirectories(dir);
        setMode(dir, DIR);
        long files = 0;
        long bytes = 0;
        List<String> submodules = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(tree);
            walk.setRecursive(false);
            while (walk.next()) {
                String path = walk.getPathString();
                Path out = resolveInside(dir, path);
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.TREE) {
                    Files.createDirectory(out);
                    dirs.add(out);
                    walk.enterSubtree();
                } else if (mode == FileMode.SYMLINK) {
                    byte[] target = reader.open(walk.getObjectId(0)).getCachedBytes();
                    Files.createSymbolicLink(out, Paths.get(new String(target, StandardCharsets.UTF_8)));
                    files++;
                } else if (mode == FileMode.GITLINK) {
                    // git leaves an empty directory for a submodule that is not initialised.
                    Files.createDirectory(out);
                    dirs.add(out);
                    submodules.add(path);
                } else {
                    try (OutputStream os = Files.newOutputStream(out)) {
                        var loader = reader.open(walk.getObjectId(0));
                        loader.copyTo(os);
                        bytes += loader.getSize();
                    }
                    setMode(out, mode == FileMode.EXECUTABLE_FILE ? EXEC : FILE);
                    files++;
                }
            }
        }
        for (Path d : dirs) {
            setMode(d, DIR);
        }
        return new Result(files, bytes, submodules);
    }

    /** Refuses paths that would escape the output (a hostile tree with {@code ..} entries). */
    private static Path resolveInside(Path dir, String path) throws IOException {
        Path out = dir.resolve(path).normalize();
        if (!out.startsWith(dir) || path.contains("\\") || path.equals(".git") || path.endsWith("/.git")) {
            throw new IOException("refusing unsafe path in the git tree: " + path);
        }
        return out;
    }

    private static void setMode(Path p, Set<PosixFilePermission> perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (UnsupportedOperationException e) {
            // Non-POSIX file system: only the content matters there.
        }
    }
}
