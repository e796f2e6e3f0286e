package dev.odooimage.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import dev.odooimage.util.Digests;

/** Writes a small real .deb (deb(5): ar of debian-binary, control.tar.gz, data.tar.gz) for layer tests. */
final class TestDeb {
    private final String name;
    private final String version;
    private final List<Object[]> data = new ArrayList<>(); // {path, content|null for dir, mode, link}

    TestDeb(String name, String version) {
        this.name = name;
        this.version = version;
    }

    TestDeb dir(String path) {
        data.add(new Object[] {path, null, 0755, null});
        return this;
    }

    TestDeb file(String path, byte[] content, int mode) {
        data.add(new Object[] {path, content, mode, null});
        return this;
    }

    TestDeb symlink(String path, String target) {
        data.add(new Object[] {path, null, 0777, target});
        return this;
    }

    /** Writes {@code dir/<name>.deb}; returns the lock entry and the file. */
    PackageLayer.Deb write(Path dir) throws IOException {
        String control = "Package: " + name + "\nVersion: " + version + "\nArchitecture: amd64\n"
                + "Maintainer: Test <t@example.org>\nDescription: test package\n";
        byte[] controlTar = tarGz(List.<Object[]>of(new Object[] {"./control", control.getBytes(StandardCharsets.UTF_8),
                0644, null}));
        byte[] dataTar = tarGz(data);
        Path deb = dir.resolve(name + ".deb");
        try (OutputStream out = Files.newOutputStream(deb); ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.UTF_8));
            member(ar, "control.tar.gz", controlTar);
            member(ar, "data.tar.gz", dataTar);
        }
        return new PackageLayer.Deb(new SystemLock.Entry(name, version, "amd64", Digests.sha256Hex(deb),
                Files.size(deb), Optional.of("pool/main/t/" + name + ".deb"), Optional.empty(), "asked for"), deb);
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] b) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, b.length, 0, 0, 0100644, 0));
        ar.write(b);
        ar.closeArchiveEntry();
    }

    private static byte[] tarGz(List<Object[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Object[] e : entries) {
                String path = (String) e[0];
                TarArchiveEntry t;
                if (e[3] != null) {
                    t = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
                    t.setLinkName((String) e[3]);
                } else if (e[1] == null) {
                    t = new TarArchiveEntry(path.endsWith("/") ? path : path + "/");
                } else {
                    t = new TarArchiveEntry(path);
                    t.setSize(((byte[]) e[1]).length);
                }
                t.setMode((t.isDirectory() ? 040000 : t.isSymbolicLink() ? 0120000 : 0100000) | (Integer) e[2]);
                tar.putArchiveEntry(t);
                if (e[1] != null) {
                    tar.write((byte[]) e[1]);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
