package dev.odooimage.aggregate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.odooimage.util.Digests;

/**
 * Content digest of a materialised source tree as it lies on disk: every directory, file
 * (content and executable bit) and symlink (its target), in a fixed order. The same
 * function checks a tree after export and verifies it on a later build, so any edit,
 * stray file, lost exec bit or replaced symlink changes the digest.
 */
public final class TreeDigest {
    private TreeDigest() {
    }

    /** {@code sha256:<hex>} of the tree rooted at {@code root}. */
    public static String of(Path root) {
        MessageDigest listing = Digests.sha256();
        try {
            walk(root, "", listing, new byte[64 * 1024]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        return "sha256:" + HexFormat.of().formatHex(listing.digest());
    }

    private static void walk(Path dir, String prefix, MessageDigest listing, byte[] buf) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        }
        // Byte order of names, the same on every file system and JVM.
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path child : children) {
            String rel = prefix + child.getFileName();
            if (Files.isSymbolicLink(child)) {
                line(listing, "l " + rel + " -> " + Files.readSymbolicLink(child));
            } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                line(listing, "d " + rel);
                walk(child, rel + "/", listing, buf);
            } else {
                line(listing, "f " + rel + " " + (executable(child) ? "x" : "-") + " " + fileHash(child, buf));
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

    private static String fileHash(Path file, byte[] buf) throws IOException {
        MessageDigest md = Digests.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void line(MessageDigest listing, String line) {
        listing.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
