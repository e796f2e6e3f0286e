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

    /** {@code sha256:<hex>} of the tree rooted at {@code root}, reading every file. */
    public static String of(Path root) {
        return of(root, StatCache.empty(), StatCache.empty());
    }

    /**
     * The same digest, reading only the files whose stat data differs from {@code known}
     * (the others' hashes come from it); {@code seen} receives every file's stat and hash,
     * to be saved for the next build. Without unix stat data this reads every file.
     */
    static String of(Path root, StatCache known, StatCache seen) {
        TreeListing listing = new TreeListing();
        try {
            boolean unix = StatCache.supported(root);
            if (unix) {
                seen.putOther("", StatCache.stat(root), known); // before the listing: a later change shows
            }
            walk(root, "", listing.root(), unix ? known : null, seen, Digests.sha256(), new byte[64 * 1024]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        return listing.digest();
    }

    /**
     * The file hashes the aggregate step recorded for one aggregate ({@code statFile}), read once
     * and shared by the digests of its addons ({@link #ofInAggregate}); empty when the file is
     * missing or foreign.
     */
    public static final class Recorded {
        private final StatCache cache;

        private Recorded(StatCache cache) {
            this.cache = cache;
        }

        public static Recorded read(Path statFile) {
            return new Recorded(StatCache.read(statFile));
        }
    }

    /**
     * The digest of {@code dir}, a directory inside an aggregate (an addon), equal to
     * {@link #of(Path)} of it, but taking the hash of every file whose stat data is unchanged
     * from {@code recorded} (keys relative to the aggregate's root; {@code relPrefix} is
     * {@code dir}'s path from there, ending in '/'). Only new, changed or racily clean files are read.
     */
    public static String ofInAggregate(Path dir, String relPrefix, Recorded recorded) {
        TreeListing listing = new TreeListing();
        try {
            walk(dir, relPrefix, listing.root(), StatCache.supported(dir) ? recorded.cache : null,
                    StatCache.empty(), Digests.sha256(), new byte[64 * 1024]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        return listing.digest();
    }

    /** {@code known} null: no unix stat data here, so types and modes come from plain file checks. */
    private static void walk(Path dir, String prefix, TreeListing.Dir into, StatCache known, StatCache seen,
            MessageDigest md, byte[] buf) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path child : ds) {
                String name = child.getFileName().toString();
                String rel = prefix + name;
                StatCache.Stat st = known != null ? StatCache.stat(child) : null; // one lstat: type, mode, stamps
                if (st != null ? st.isSymlink() : Files.isSymbolicLink(child)) {
                    if (st != null) {
                        seen.putOther(rel, st, known);
                    }
                    into.link(name, Files.readSymbolicLink(child).toString());
                } else if (st != null ? st.isDirectory() : Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    if (st != null) {
                        seen.putOther(rel, st, known); // taken before its listing, as the root's
                    }
                    walk(child, rel + "/", into.dir(name), known, seen, md, buf);
                } else {
                    byte[] hash = st != null ? known.hash(rel, st) : null;
                    String origin = st != null ? known.origin(rel) : null;
                    if (hash == null) {
                        hash = fileHash(child, md, buf);
                        origin = null; // read from disk: no longer known to be the exported blob
                        seen.markReRead();
                    }
                    if (st != null) {
                        seen.put(rel, st, hash, origin);
                    }
                    into.file(name, st != null ? st.executable() : executable(child), hash);
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
