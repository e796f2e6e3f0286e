package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.odooimage.util.OdooImageException;

class ImageReaderTest {
    @TempDir
    Path tmp;

    private static ImageSnapshot read(Path tar) {
        return new ImageReader(p -> p.startsWith("/etc/"), new SecretScanner(List.of())).read(tar);
    }

    @ParameterizedTest
    @EnumSource(TestImage.Format.class)
    void whiteoutsOpaqueDirectoriesReplacementsAndSymlinks(TestImage.Format format) throws Exception {
        TestImage img = new TestImage();
        img.layer("one").file("/etc/a.conf", "one").file("/etc/b.conf", "b").file("/srv/x/1", "")
                .file("/srv/x/sub/2", "").file("/srv/keep", "").symlink("/data", "/srv")
                .dir("/opt/thing").file("/opt/thing/inner", "");
        img.layer("two").file("/etc/a.conf", "two").remove("/etc/b.conf").file("/srv/x/.wh..wh..opq", "")
                .file("/srv/x/3", "").file("/opt/thing", "now a file");
        ImageSnapshot snap = read(img.write(tmp.resolve("i.tar"), format));
        ImageFilesystem fs = snap.filesystem();
        assertEquals("two", fs.readString("/etc/a.conf").orElseThrow());
        assertFalse(fs.exists("/etc/b.conf"));
        assertTrue(fs.exists("/srv/x/3"));
        assertFalse(fs.exists("/srv/x/1"));
        assertFalse(fs.exists("/srv/x/sub/2"));
        assertTrue(fs.isDirectory("/srv/x"));
        assertTrue(fs.exists("/data/keep"), "symlinked directory is followed");
        assertTrue(fs.isFile("/opt/thing"));
        assertFalse(fs.exists("/opt/thing/inner"));
        assertEquals(List.of("one", "two"), snap.config().history());
        assertEquals(2, snap.layers().size());
        assertTrue(snap.imageId().startsWith("sha256:"));
    }

    @Test
    void gzippedOuterTarballIsRead() throws Exception {
        TestImage img = new TestImage();
        img.layer("one").file("/etc/hello", "hi");
        Path plain = img.write(tmp.resolve("i.tar"), TestImage.Format.DOCKER);
        Path gz = tmp.resolve("i.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(plain, out);
        }
        assertEquals("hi", read(gz).filesystem().readString("/etc/hello").orElseThrow());
    }

    @Test
    void missingTarballSaysRunPackage() {
        OdooImageException e = assertThrows(OdooImageException.class, () -> read(tmp.resolve("jib-image.tar")));
        assertTrue(e.getMessage().contains("mvn package"), e.getMessage());
    }

    @Test
    void tarballThatIsNoImageIsNamed() throws Exception {
        Path tar = tmp.resolve("other.tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            TarArchiveEntry e = new TarArchiveEntry("hello.txt");
            e.setSize(2);
            out.putArchiveEntry(e);
            out.write("hi".getBytes());
            out.closeArchiveEntry();
        }
        OdooImageException e = assertThrows(OdooImageException.class, () -> read(tar));
        assertTrue(e.getMessage().contains("other.tar") && e.getMessage().contains("manifest.json"), e.getMessage());
    }

    @Test
    void notATarAtAll() throws Exception {
        Path f = Files.writeString(tmp.resolve("jib-image.tar"), "garbage, not a tar file at all ".repeat(40));
        OdooImageException e = assertThrows(OdooImageException.class, () -> read(f));
        assertTrue(e.getMessage().contains("jib-image.tar"), e.getMessage());
    }
}
