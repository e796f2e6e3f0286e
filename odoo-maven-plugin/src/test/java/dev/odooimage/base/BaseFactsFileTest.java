package dev.odooimage.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The facts stored with a base cache entry ({@code facts.json}): equal to freshly derived ones,
 * read without the index, derived again and rewritten when missing, corrupt or of another
 * format or code, written atomically.
 */
class BaseFactsFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private Path cache() {
        return work.resolve("cache");
    }

    private String write(TestImage image) throws Exception {
        return image.writeDockerArchive(work.resolve("image-" + System.nanoTime() + ".tar"));
    }

    private Path entry(String ref) {
        BaseImageFiles files = new BaseImageReader(cache()).read(ref, "test");
        return files.entryDir();
    }

    /** Python-slim on Debian: merged /usr, two interpreters, patchlevel.h, env, user, dpkg status. */
    private static TestImage slim() {
        return new TestImage("amd64")
                .layer(l -> TestImage.debianRoot(l, "bookworm", "12", "2.36-9+deb12u10",
                        TestImage.stanza("python3.11-minimal", "3.11.2-6+deb12u6", "amd64")))
                .layer(l -> {
                    TestImage.python(l, "/usr", "3.11", "x86_64");
                    TestImage.python(l, "/usr/local", "3.12", "x86_64");
                    l.file("/usr/local/include/python3.12/patchlevel.h", "#define PY_VERSION \"3.12.12\"\n");
                })
                .env("PATH=/usr/local/bin:/usr/bin").env("PYTHON_VERSION=3.12.12").user("odoo");
    }

    /** Distroless-like: no dpkg status, no os-release, glibc only from the library's banner. */
    private static TestImage bare() {
        return new TestImage("arm64").layer(l -> l.dir("/usr").dir("/usr/lib")
                .file("/usr/lib/aarch64-linux-gnu/libc.so.6", TestImage.elf("GNU C Library stable release version 2.41."),
                        0755)
                .file("/etc/passwd", "nonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n"));
    }

    @Test
    void storedFactsEqualFreshlyDerivedOnes() throws Exception {
        for (TestImage image : List.of(slim(), bare())) {
            String ref = write(image);
            BaseFacts derived = new BaseImageReader(cache()).facts(ref, "test");
            Path file = entry(ref).resolve(BaseFactsFile.NAME);
            assertTrue(Files.isRegularFile(file), "stored beside COMPLETE: " + file);

            BaseFacts stored = BaseFactsFile.read(file, ref).orElseThrow();
            BaseFacts fresh = BaseFacts.of(new BaseImageReader(cache()).read(ref, "test"));

            assertNotSame(fresh, stored);
            assertEquals(fresh, stored, "read back field by field");
            assertEquals(fresh, derived);
            assertEquals(fresh.describe(), new BaseImageReader(cache()).facts(ref, "test").describe());
        }
        BaseFacts slim = new BaseImageReader(cache()).facts(write(slim()), "test");
        assertEquals(2, slim.pythons().size(), slim.pythons().toString());
        assertEquals(Map.of("bin", "usr/bin", "lib", "usr/lib", "sbin", "usr/sbin"), slim.rootLinks());
        assertTrue(slim.dpkgStatus().orElseThrow().contains("Package: python3.11-minimal"));
        BaseFacts bare = new BaseImageReader(cache()).facts(write(bare()), "test");
        assertEquals(Optional.empty(), bare.dpkgStatus());
        assertEquals(OsRelease.NONE, bare.osRelease());
        assertEquals("2.41", bare.libc().version());
    }

    @Test
    void aNoOpReadsTheFactsWithoutTheIndexAGoalThatNeedsFilesFailsClearly() throws Exception {
        String ref = write(slim());
        BaseFacts first = new BaseImageReader(cache()).facts(ref, "test");
        Path entry = entry(ref);
        Files.delete(entry.resolve("index.tsv"));
        Files.delete(entry.resolve("files/var/lib/dpkg/status"));

        BaseFacts again = new BaseImageReader(cache()).setOffline(true).facts(ref, "test");

        assertEquals(first, again, "served from facts.json alone");
        assertEquals(ref, again.image());
        UncheckedIOException files = assertThrows(UncheckedIOException.class,
                () -> new BaseImageReader(cache()).setOffline(true).read(ref, "test"));
        assertTrue(files.getMessage().contains(entry.toString()) && files.getMessage().contains("delete that directory"),
                files.getMessage());
    }

    @Test
    void theStoredFileIsWhatIsTrustedNotTheIndex() throws Exception {
        String ref = write(slim());
        new BaseImageReader(cache()).facts(ref, "test");
        Path file = entry(ref).resolve(BaseFactsFile.NAME);
        ObjectNode json = (ObjectNode) JSON.readTree(file.toFile());
        ((ObjectNode) json.get("osRelease")).put("PRETTY_NAME", "edited in facts.json");
        Files.write(file, JSON.writeValueAsBytes(json));

        assertEquals("edited in facts.json", new BaseImageReader(cache()).facts(ref, "test").osRelease().prettyName());
    }

    @Test
    void missingCorruptOrOtherFormatFactsAreDerivedAgainAndRewritten() throws Exception {
        String ref = write(slim());
        BaseFacts expected = new BaseImageReader(cache()).facts(ref, "test");
        Path file = entry(ref).resolve(BaseFactsFile.NAME);
        String good = Files.readString(file);
        List<String> bad = List.of(
                "", // an empty file
                good.substring(0, good.length() / 2), // cut short
                "{\"format\": 1}",
                good.replace(BaseFactsFile.FORMAT, "odoo-image-maven base facts 0"), // an older format
                good.replace(BaseFactsFile.code(), "0".repeat(64)), // written by other deriving code
                good.replace("\"pythons\"", "\"snakes\""), // a field missing
                good.replace("\"uid\" : 1000", "\"uid\" : \"1000\"")); // a field of the wrong kind
        for (String text : bad) {
            assertFalse(text.equals(good), "the case changes the file");
            Files.writeString(file, text);

            BaseFacts facts = new BaseImageReader(cache()).setOffline(true).facts(ref, "test");

            assertEquals(expected, facts);
            assertEquals(good, Files.readString(file), "rewritten for the next build");
        }
        Files.delete(file);
        assertEquals(expected, new BaseImageReader(cache()).setOffline(true).facts(ref, "test"));
        assertEquals(good, Files.readString(file), "an entry without facts (an older plugin's) gets them");
    }

    @Test
    void aFailedWriteLeavesNoHalfWrittenFile() throws Exception {
        String ref = write(slim());
        Path entry = entry(ref);
        Path file = entry.resolve(BaseFactsFile.NAME);
        Files.createDirectories(file.resolve("in-the-way")); // a directory where the file goes: the move fails

        BaseFacts facts = new BaseImageReader(cache()).facts(ref, "test");

        assertEquals(BaseFacts.of(new BaseImageReader(cache()).read(ref, "test")), facts, "derived all the same");
        assertTrue(Files.isDirectory(file), "nothing replaced it");
        try (var s = Files.list(entry)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temp file left beside it");
        }
        assertThrows(UncheckedIOException.class, () -> BaseFactsFile.write(file, facts));

        Files.delete(file.resolve("in-the-way"));
        Files.delete(file);
        new BaseImageReader(cache()).facts(ref, "test");
        assertEquals(Optional.of(facts), BaseFactsFile.read(file, ref), "written once the way is clear");
    }

    @Test
    void anEntryOfAnotherCacheFormatIsNotTrustedForItsFacts() throws Exception {
        String ref = write(slim());
        BaseFacts expected = new BaseImageReader(cache()).facts(ref, "test");
        Path entry = entry(ref);
        Files.writeString(entry.resolve("COMPLETE"), "odoo-image-maven base cache 0\n");
        // the facts would still parse, but the entry they sit in is not trusted: the image is read again
        Path file = entry.resolve(BaseFactsFile.NAME);
        ObjectNode json = (ObjectNode) JSON.readTree(file.toFile());
        json.put("digest", "sha256:" + "0".repeat(64));
        Files.write(file, JSON.writeValueAsBytes(json));

        assertEquals(expected, new BaseImageReader(cache()).facts(ref, "test"));
        assertEquals(BaseImageCache.FORMAT, Files.readString(entry.resolve("COMPLETE")).strip());
    }
}
