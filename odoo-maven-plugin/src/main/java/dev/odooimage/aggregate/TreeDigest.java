package dev.odooimage.aggregate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;

import dev.odooimage.util.Digests;

/**
 * Content digest of a materialised source tree as it lies on disk: every directory, file
 * (content and executable bit) and symlink (its target), in a fixed order (format and order:
 * {@link TreeListing}). {@link TreeExporter} computes the same value while it writes a tree;
 * this reads one back, to verify it on a later build (and after shell commands changed it),
 * so any edit, stray file, lost exec bit or replaced symlink changes the digest.
 */
public final class TreeDigest {
    private TreeDigest() {
    }

    /** {@code sha256:<hex>} of the tree rooted at {@code root}. */
    public static String of(Path root) {
        TreeListing listing = new TreeListing();
        try {
            walk(root, listing.root(), Digests.sha256(), new byte[64 * 1024]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        return listing.digest();
    }

    /**
     * The same digest, reading only the files whose stat data differs from {@code known}
     * (the others' hashes come from it); {@code seen} receives every file's stat and hash,
     * to be saved for the next build. Without unix stat data this reads every file.
     */
    static String of(Path root, StatCache known, StatCache seen) {
        if (!StatCache.supported(root)) {
            return of(root);
        }
        TreeListing listing = new TreeListing();
        try {
            walk(root, "", listing.root(), known, seen, Digests.sha256(), new byte[64 * 1024]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        return listing.digest();
    }

    private static void walk(Path dir, String prefix, TreeListing.Dir into, StatCache known, StatCache seen,
            MessageDigest md, byte[] buf) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path child : ds) {
                String name = child.getFileName().toString();
                String rel = prefix + name;
                StatCache.Stat st = StatCache.stat(child); // one lstat: type, mode and change stamps
                if (st.isSymlink()) {
                    into.link(name, Files.readSymbolicLink(child).toString());
                } else if (st.isDirectory()) {
                    walk(child, rel + "/", into.dir(name), known, seen, md, buf);
                } else {
                    byte[] hash = known.hash(rel, st);
                    String origin = known.origin(rel);
                    if (hash == null) {
                        hash = fileHash(child, md, buf);
                        origin = null; // read from disk: no longer known to be the exported blob
                        seen.markReRead();
                    }
                    seen.put(rel, st, hash, origin);
                    into.file(name, st.executable(), hash);
                }
            }
        }
    }

    private static void walk(Path dir, TreeListing.Dir into, MessageDigest md, byte[] buf) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path child : ds) {
                String name = child.getFileName().toString();
                if (Files.isSymbolicLink(child)) {
                    into.link(name, Files.readSymbolicLink(child).toString());
                } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    walk(child, into.dir(name), md, buf);
                } else {
                    into.file(name, executable(child), fileHash(child, md, buf));
                }
            }
        }
    }

    private static boolean executable(Path file) throws IOException {
        try {
            return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                    .contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return Files.isExecutable(file);
        }
    }

    private static byte[] fileHash(Path file, MessageDigest md, byte[] buf) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }
}
