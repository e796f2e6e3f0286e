package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

class PackageListTest {
    @TempDir
    Path tmp;

    @Test
    void namesWithCommentsPinsAndArchitectures() throws Exception {
        Path f = Files.writeString(tmp.resolve("system-runtime-packages.txt"),
                "# runtime\nlibpq5=15.8-0+deb12u1\n\nlibzbar0:amd64   libcups2 # printing\nlibpq5\n");
        assertEquals(List.of("libpq5", "libzbar0", "libcups2"), PackageList.read(f));
    }

    @Test
    void debByUrlLinesAreNotNames() throws Exception {
        Path f = Files.writeString(tmp.resolve("system-runtime-packages.txt"), "fonts-dejavu-core\n"
                + "https://example.org/wkhtmltox_0.12.6.1-3.bookworm_amd64.deb " + "ab".repeat(32) + "\n");
        assertEquals(List.of("fonts-dejavu-core"), PackageList.read(f));
    }

    @Test
    void missingFileIsEmpty() {
        assertEquals(List.of(), PackageList.read(tmp.resolve("none.txt")));
    }

    @Test
    void badNameNamesFileAndLine() throws Exception {
        Path f = Files.writeString(tmp.resolve("system-build-packages.txt"), "gcc\nLibFoo\n");
        OdooImageException e = assertThrows(OdooImageException.class, () -> PackageList.read(f));
        assertTrue(e.getMessage().contains("system-build-packages.txt line 2: 'LibFoo'"), e.getMessage());
    }
}
