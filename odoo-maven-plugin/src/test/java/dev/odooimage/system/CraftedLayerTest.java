package dev.odooimage.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package layer from small .debs made by the test (no archive): the ld.so.conf.d handling,
 * and the same digest whatever the umask of the process that writes it.
 */
class CraftedLayerTest {
    static final Instant T = Instant.ofEpochSecond(1);
    @TempDir
    Path tmp;

    static List<PackageLayer.Deb> debs(Path dir) throws IOException {
        Files.createDirectories(dir);
        return List.of(new TestDeb("libodd1", "1.0-1")
                .dir("./").dir("./etc").dir("./etc/ld.so.conf.d").dir("./usr").dir("./usr/lib")
                .dir("./usr/lib/odd")
                .file("./etc/ld.so.conf.d/odd.conf", "# odd libraries\n/usr/lib/odd\n".getBytes(StandardCharsets.UTF_8),
                        0644)
                .file("./usr/lib/odd/libodd.so.1.2", TestElf.withSoname(List.of("libc.so.6"), "libodd.so.1"), 0644)
                .symlink("./usr/lib/odd/libodd.so.1", "libodd.so.1.2")
                // a soname the base already has: not linked over it
                .file("./usr/lib/odd/libc.so.6", TestElf.withSoname(List.of(), "libc.so.6"), 0644)
                .dir("./usr/bin")
                .file("./usr/bin/odd", TestElf.of(List.of("libodd.so.1", "libc.so.6"), null, null), 0755)
                .write(dir));
    }

    static BaseSystem base() {
        return new BaseSystem("Package: libc6\nStatus: install ok installed\nVersion: 2.36-9\nArchitecture: amd64\n",
                java.util.Optional.of("bookworm"), "amd64", Map.of("lib", "usr/lib"));
    }

    static ImageTree baseTree() {
        ImageTree t = new ImageTree();
        t.put("/lib", false, "usr/lib");
        t.put("/usr/lib/x86_64-linux-gnu/libc.so.6", true, null);
        return t;
    }

    @Test
    void librariesOfAnLdSoConfDirectoryGetTheSonameLinkLdconfigWouldMake() throws Exception {
        ImageTree tree = baseTree();
        PackageLayer.Result r = new PackageLayer(base(), T).write(debs(tmp.resolve("debs")), tmp.resolve("l.tar.gz"),
                tree);
        Map<String, TarArchiveEntry> entries = entries(r.tar());
        TarArchiveEntry link = entries.get("usr/lib/x86_64-linux-gnu/libodd.so.1");
        assertTrue(link != null && link.isSymbolicLink(), entries.keySet().toString());
        assertEquals("/usr/lib/odd/libodd.so.1.2", link.getLinkName());
        assertTrue(r.warnings().contains("ld.so.conf.d: /usr/lib/x86_64-linux-gnu/libc.so.6 already exists,"
                + " /usr/lib/odd/libc.so.6 is not linked there"), r.warnings().toString());
        // the loader (without the cache) finds it now: shared-libraries agrees
        assertEquals(List.of(), new SharedLibraries(tree, "x86_64-linux-gnu", List.of()).misses(r.elfFiles()));
    }

    /** A main for {@link #sameDigestUnderAnotherUmask}: writes the layer in args[0], prints its diff id. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PackageLayer.Result r = new PackageLayer(base(), T).write(debs(dir.resolve("debs")), dir.resolve("l.tar.gz"),
                baseTree());
        System.out.println("DIFF-ID " + r.diffId() + " " + dev.odooimage.util.Digests.sha256Hex(r.tar()));
    }

    @Test
    void sameDigestUnderAnotherUmask() throws Exception {
        List<String> out = new ArrayList<>();
        for (String umask : List.of("077", "022")) {
            Path dir = tmp.resolve("umask-" + umask);
            Process p = new ProcessBuilder("sh", "-c", "umask " + umask + " && exec \"$0\" -cp \"$1\" "
                    + CraftedLayerTest.class.getName() + " \"$2\"", Path.of(System.getProperty("java.home"), "bin",
                    "java").toString(), System.getProperty("java.class.path"), dir.toString())
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), text);
            String deb = Files.getPosixFilePermissions(dir.resolve("debs/libodd1.deb")).toString();
            assertTrue(umask.equals("077") ? !deb.contains("GROUP_READ") : deb.contains("OTHERS_READ"),
                    "the umask took effect: " + deb);
            out.add(text.lines().filter(l -> l.startsWith("DIFF-ID ")).findFirst().orElseThrow(() ->
                    new AssertionError(text)));
        }
        assertEquals(out.get(0), out.get(1), "diff id and compressed bytes do not depend on the umask");
    }

    static Map<String, TarArchiveEntry> entries(Path tarGz) throws IOException {
        Map<String, TarArchiveEntry> m = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                Files.newInputStream(tarGz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                m.put(e.getName(), e);
            }
        }
        return m;
    }
}
