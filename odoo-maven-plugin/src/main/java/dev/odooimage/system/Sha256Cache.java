package dev.odooimage.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * Files kept by their sha256 ({@code <root>/<aa>/<sha256><suffix>}) under the user cache: .deb
 * files and archive indexes. An entry is hashed again before every use and dropped when it no
 * longer matches; a download is hashed while it is written and moved into place only when it
 * matches, so nothing unverified is ever cached.
 */
public final class Sha256Cache {
    private final Path root;

    public Sha256Cache(Path root) {
        this.root = root;
    }

    /** The default cache: {@code ~/.cache/odoo-image-maven/system} ({@code $XDG_CACHE_HOME} honoured). */
    public static Sha256Cache userDefault() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new Sha256Cache(base.resolve("odoo-image-maven").resolve("system"));
    }

    public Path root() {
        return root;
    }

    private Path path(String sha256, String suffix) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256 + suffix);
    }

    /** The cached file, verified; empty when absent or damaged (a damaged entry is deleted). */
    public Optional<Path> get(String sha256, String suffix) {
        Path p = path(sha256, suffix);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        if (!Digests.sha256Hex(p).equals(sha256)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete damaged cache entry " + p, e);
            }
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /**
     * Stores {@code in} as the entry for {@code sha256} when its content hashes to it.
     *
     * @throws OdooImageException naming {@code what} and both hashes when it does not (nothing is cached)
     */
    public Path put(String sha256, String suffix, InputStream in, String what) {
        Path target = path(sha256, suffix);
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), ".part-", suffix);
            MessageDigest md = Digests.sha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), md)) {
                in.transferTo(out);
            }
            String got = HexFormat.of().formatHex(md.digest());
            if (!got.equals(sha256)) {
                throw new OdooImageException(what + ": sha256 is " + got + " but " + sha256 + " was expected;"
                        + " refused and not cached (a changed or corrupted download; if the publisher"
                        + " really changed the file, check it and update the sha256)");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to cache " + root, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a .part file is never read as an entry
                }
            }
        }
    }
}
