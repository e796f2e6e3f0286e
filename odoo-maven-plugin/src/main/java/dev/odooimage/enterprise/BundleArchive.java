package dev.odooimage.enterprise;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import dev.odooimage.util.OdooImageException;

/**
 * Streams the entries of a source bundle, tar.gz (also plain tar) or zip, told apart by their
 * first bytes rather than by the file name. Entry names are given as stored; checking them is
 * {@link BundleReader}'s job. Nothing is ever written to disk here.
 */
final class BundleArchive {

    /** What kind of archive the bundle is. */
    enum Format {
        TAR_GZ("tar.gz"), TAR("tar"), ZIP("zip");

        private final String id;

        Format(String id) {
            this.id = id;
        }

        String id() {
            return id;
        }
    }

    /** One entry as stored. {@code linkTarget} is set for symbolic and hard links. */
    record Entry(String name, Type type, boolean executable, String linkTarget, Instant modified) {
    }

    enum Type {
        FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER
    }

    /** Receives each entry; {@code content} is readable for files only and must not be closed. */
    interface Visitor {
        void visit(Entry entry, InputStream content) throws IOException;
    }

    private final Path file;
    private final Format format;

    private BundleArchive(Path file, Format format) {
        this.file = file;
        this.format = format;
    }

    static BundleArchive open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new OdooImageException("Enterprise source bundle " + file + " not found: pass the downloaded file"
                    + " with -Dodoo.enterprise.bundle=PATH.");
        }
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new OdooImageException("cannot read the source bundle " + file + ": " + e.getMessage(), e);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return new BundleArchive(file, Format.TAR_GZ);
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return new BundleArchive(file, Format.ZIP);
        }
        if (n >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            return new BundleArchive(file, Format.TAR);
        }
        throw new OdooImageException("source bundle " + file + " is neither a tar.gz nor a zip archive (its first"
                + " bytes say so, whatever its name). Pass the file Odoo's download gives, e.g. odoo_17.0+e.latest.tar.gz.");
    }

    Format format() {
        return format;
    }

    Path file() {
        return file;
    }

    /** Calls {@code visitor} for every entry, in archive order. */
    void forEach(Visitor visitor) {
        try {
            if (format == Format.ZIP) {
                zip(visitor);
            } else {
                tar(visitor);
            }
        } catch (IOException e) {
            throw new OdooImageException("cannot read the source bundle " + file + ": " + e.getMessage()
                    + ". The download may be truncated: download it again.", e);
        }
    }

    private void tar(Visitor visitor) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                InputStream in = format == Format.TAR_GZ ? GzipCompressorInputStream.builder().setInputStream(raw)
                        .setDecompressConcatenated(true).get() : raw;
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Type type = e.isSymbolicLink() ? Type.SYMLINK : e.isLink() ? Type.HARDLINK
                        : e.isDirectory() ? Type.DIRECTORY : e.isFile() ? Type.FILE : Type.OTHER;
                visitor.visit(new Entry(e.getName(), type, (e.getMode() & 0100) != 0,
                        type == Type.SYMLINK || type == Type.HARDLINK ? e.getLinkName() : null,
                        e.getModTime().toInstant()), tar);
            }
        }
    }

    private void zip(Visitor visitor) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
            Enumeration<ZipArchiveEntry> all = zip.getEntriesInPhysicalOrder();
            for (ZipArchiveEntry e : Collections.list(all)) {
                Instant modified = e.getLastModifiedTime() != null ? e.getLastModifiedTime().toInstant() : Instant.EPOCH;
                if (e.isUnixSymlink()) {
                    String target;
                    try (InputStream in = zip.getInputStream(e)) {
                        target = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    visitor.visit(new Entry(e.getName(), Type.SYMLINK, false, target, modified), InputStream.nullInputStream());
                } else if (e.isDirectory()) {
                    visitor.visit(new Entry(e.getName(), Type.DIRECTORY, false, null, modified), InputStream.nullInputStream());
                } else {
                    boolean exec = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX && (e.getUnixMode() & 0100) != 0;
                    try (InputStream in = zip.getInputStream(e)) {
                        visitor.visit(new Entry(e.getName(), Type.FILE, exec, null, modified), in);
                    }
                }
            }
        }
    }
}
