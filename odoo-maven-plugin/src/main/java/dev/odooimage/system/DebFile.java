package dev.odooimage.system;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import dev.odooimage.util.OdooImageException;

/**
 * A .deb file (deb(5): an ar archive of {@code debian-binary}, {@code control.tar.*} and
 * {@code data.tar.*}) read with Commons Compress: the control members (control, md5sums,
 * conffiles, maintainer scripts) and a stream over the data tar.
 */
public final class DebFile {
    private final Path file;
    private final Map<String, byte[]> control;

    private DebFile(Path file, Map<String, byte[]> control) {
        this.file = file;
        this.control = control;
    }

    public static DebFile open(Path file) {
        try (ArArchiveInputStream ar = new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            ArArchiveEntry e;
            while ((e = ar.getNextEntry()) != null) {
                if (e.getName().startsWith("control.tar")) {
                    return new DebFile(file, readControl(decompress(ar, e.getName(), file)));
                }
            }
        } catch (IOException e) {
            throw new OdooImageException(file + " is not a readable .deb: " + e.getMessage(), e);
        }
        throw new OdooImageException(file + " is not a .deb: it has no control.tar member");
    }

    private static Map<String, byte[]> readControl(InputStream in) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry t;
        while ((t = tar.getNextEntry()) != null) {
            if (t.isFile()) {
                String name = t.getName().startsWith("./") ? t.getName().substring(2) : t.getName();
                out.put(name, tar.readAllBytes());
            }
        }
        return out;
    }

    static InputStream decompress(InputStream in, String member, Path deb) throws IOException {
        if (member.endsWith(".xz")) {
            return new XZCompressorInputStream(in);
        }
        if (member.endsWith(".gz")) {
            return new GzipCompressorInputStream(in);
        }
        if (member.endsWith(".zst")) {
            return Zstd.decompress(in, deb);
        }
        if (member.endsWith(".tar")) {
            return in;
        }
        throw new OdooImageException(deb + ": member " + member + " has a compression this plugin does not read");
    }

    /** The package's control paragraph. */
    public Deb822 control() {
        byte[] c = control.get("control");
        if (c == null) {
            throw new OdooImageException(file + " has no control file");
        }
        return Deb822.parseAll(new String(c, StandardCharsets.UTF_8)).get(0);
    }

    /** Control members by name ({@code control}, {@code md5sums}, {@code conffiles}, {@code postinst} ...). */
    public Map<String, byte[]> controlMembers() {
        return control;
    }

    /** A tar stream over the package's files; the caller closes it. */
    public TarArchiveInputStream data() {
        try {
            ArArchiveInputStream ar = new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(file)));
            ArArchiveEntry e;
            while ((e = ar.getNextEntry()) != null) {
                if (e.getName().startsWith("data.tar")) {
                    return new TarArchiveInputStream(decompress(ar, e.getName(), file));
                }
            }
            ar.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        throw new OdooImageException(file + " is not a .deb: it has no data.tar member");
    }

    public Path file() {
        return file;
    }
}
