package dev.odooimage.enterprise;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * A module's files as git sees them: path inside the module -> mode and blob id. Two copies
 * of a module are the same when their trees are equal, whichever side (bundle, Community
 * checkout, mirror) they come from. Python caches ({@code __pycache__}, {@code *.pyc}) are
 * never part of a module.
 */
record ModuleTree(SortedMap<String, FileEntry> files) {

    /** One file: regular, executable or symbolic link (whose blob is the link target). */
    record FileEntry(FileMode mode, ObjectId blob) {
    }

    ModuleTree {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** True for paths that never enter the mirror nor a comparison. */
    static boolean ignored(String pathInModule) {
        return pathInModule.endsWith(".pyc") || pathInModule.endsWith(".pyo")
                || ("/" + pathInModule + "/").contains("/__pycache__/");
    }

    /** The tree of a module directory on disk (the Community checkout), hashed, nothing written. */
    static ModuleTree ofDirectory(Path dir) {
        SortedMap<String, FileEntry> out = new TreeMap<>();
        ObjectInserter.Formatter hash = new ObjectInserter.Formatter();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (rel.isEmpty() || ignored(rel) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    byte[] target = Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8);
                    out.put(rel, new FileEntry(FileMode.SYMLINK, hash.idFor(Constants.OBJ_BLOB, target)));
                } else {
                    boolean exec = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)
                            .contains(PosixFilePermission.OWNER_EXECUTE);
                    try (InputStream in = Files.newInputStream(p)) {
                        out.put(rel, new FileEntry(exec ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE,
                                hash.idFor(Constants.OBJ_BLOB, Files.size(p), in)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return new ModuleTree(out);
    }

    /** Writes this module's tree (its blobs must already be in the inserter's repository). */
    ObjectId writeTree(ObjectInserter inserter) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder b = index.builder();
        files.forEach((path, f) -> b.add(entry(path, f)));
        b.finish();
        return index.writeTree(inserter);
    }

    static DirCacheEntry entry(String path, FileEntry f) {
        DirCacheEntry e = new DirCacheEntry(path);
        e.setFileMode(f.mode());
        e.setObjectId(f.blob());
        return e;
    }
}
