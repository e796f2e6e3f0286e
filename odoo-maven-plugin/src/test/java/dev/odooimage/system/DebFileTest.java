package dev.odooimage.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Debian .deb (xz members), and the same repacked by the real ar and zstd tools (as Ubuntu ships). */
class DebFileTest {
    @TempDir
    Path dir;

    @Test
    void readsXzAndZstdMembersAlike() throws Exception {
        ArchiveClient client = SystemArchiveFixture.client();
        DebPackage p = client.snapshot(SystemArchiveFixture.bookworm()).index().versions("fonts-dejavu-core").get(0);
        Path deb = client.download(URI.create(SystemArchiveFixture.bookworm().url() + p.paragraph().require("Filename")),
                p.paragraph().require("SHA256"), ".deb");
        DebFile xz = DebFile.open(deb);
        assertEquals("fonts-dejavu-core", xz.control().require("Package"));
        assertTrue(xz.controlMembers().containsKey("md5sums"));
        List<String> names = names(xz);
        assertTrue(names.contains("./usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), names.toString());

        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ar")) && Files.isExecutable(Path.of("/usr/bin/zstd")),
                "SKIPPED: ar and zstd are needed to repack the .deb with zstd members");
        run(dir, "ar", "x", deb.toString());
        for (String m : List.of("control", "data")) {
            run(dir, "sh", "-c", "xz -dc " + m + ".tar.xz | zstd -q -o " + m + ".tar.zst");
        }
        run(dir, "ar", "rc", "repacked.deb", "debian-binary", "control.tar.zst", "data.tar.zst");
        DebFile zst = DebFile.open(dir.resolve("repacked.deb"));
        assertEquals(xz.control().text(), zst.control().text());
        assertEquals(names, names(zst));
    }

    private static List<String> names(DebFile deb) throws IOException {
        List<String> out = new ArrayList<>();
        try (TarArchiveInputStream t = deb.data()) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                out.add(e.getName());
            }
        }
        return out;
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }
}
