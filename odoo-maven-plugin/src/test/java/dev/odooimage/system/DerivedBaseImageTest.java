package dev.odooimage.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The derived base (base layers + the package layer) is written once per set of inputs. */
class DerivedBaseImageTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondBuildWithTheSameInputsKeepsTheTarballAndAChangedLayerRewritesIt() throws IOException {
        Path base = tmp.resolve("base.tar");
        try (OutputStream out = Files.newOutputStream(base); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            entry(tar, "manifest.json", "[{\"Config\":\"config.json\",\"RepoTags\":[],\"Layers\":[\"l0/layer.tar\"]}]");
            entry(tar, "config.json", "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                    + "\"diff_ids\":[\"sha256:" + "a".repeat(64) + "\"]},\"history\":[]}");
            entry(tar, "l0/layer.tar", "base layer bytes");
        }
        Path layer = tmp.resolve("packages-layer.tar.gz");
        Files.writeString(layer, "package layer v1");
        Path derived = tmp.resolve("out/base-with-packages.tar");
        String diffId = "sha256:" + "b".repeat(64);

        assertTrue(DerivedBaseImage.write(base, layer, diffId, "odoo system packages: 1", derived));
        assertEquals(List.of("manifest.json", "config.json", "base-0/layer.tar", DerivedBaseImage.LAYER_NAME),
                names(derived));
        Files.setLastModifiedTime(derived, FileTime.fromMillis(1_000_000));

        assertFalse(DerivedBaseImage.write(base, layer, diffId, "odoo system packages: 1", derived),
                "same base, same layer: nothing to write");
        assertEquals(FileTime.fromMillis(1_000_000), Files.getLastModifiedTime(derived));

        Files.writeString(layer, "package layer v2, longer");
        assertTrue(DerivedBaseImage.write(base, layer, "sha256:" + "c".repeat(64), "odoo system packages: 1", derived));
        assertTrue(Files.getLastModifiedTime(derived).toMillis() > 1_000_000);

        Files.delete(derived);
        assertTrue(DerivedBaseImage.write(base, layer, "sha256:" + "c".repeat(64), "odoo system packages: 1", derived),
                "a stamp without its tarball is not trusted");
        assertTrue(Files.isRegularFile(derived));
    }

    private static void entry(TarArchiveOutputStream tar, String name, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    private static List<String> names(Path tarball) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tarball); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
