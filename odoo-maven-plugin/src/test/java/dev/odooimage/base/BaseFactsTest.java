package dev.odooimage.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

/** Facts read from crafted images of the layouts met in practice, and the pom's auto/explicit values. */
class BaseFactsTest {
    private static final BasePython.Declared AUTO = new BasePython.Declared("auto", "auto", "auto", "auto");

    @TempDir
    Path work;

    private BaseFacts facts(TestImage image) throws Exception {
        String ref = image.writeDockerArchive(work.resolve("image-" + System.nanoTime() + ".tar"));
        return BaseFacts.of(new BaseImageReader(work.resolve("cache")).read(ref, "test"));
    }

    private static TestImage debian() {
        return new TestImage("amd64").layer(l -> {
            TestImage.debianRoot(l, "bookworm", "12", "2.36-9+deb12u10",
                    TestImage.stanza("python3.11-minimal", "3.11.2-6+deb12u6", "amd64"));
            TestImage.python(l, "/usr", "3.11", "x86_64");
        });
    }

    @Test
    void debianWithItsPython3() throws Exception {
        BaseFacts facts = facts(debian().user("odoo"));

        PythonInstall python = facts.pythons().get(0);
        assertEquals(1, facts.pythons().size(), facts.pythons().toString());
        assertEquals("/usr/bin/python3.11", python.interpreter());
        assertEquals("3.11.2", python.fullVersion());
        assertTrue(python.fullVersionSource().contains("python3.11-minimal"), python.fullVersionSource());
        assertEquals("cpython-311-x86_64-linux-gnu", python.soabi());
        assertEquals("/usr/lib/python3.11", python.stdlib());
        assertTrue(python.isNamedBy("/usr/bin/python3") && python.isNamedBy("/bin/python3.11")
                && python.isNamedBy("/bin/python3"), python.aliases().toString());
        assertEquals(Libc.Kind.GLIBC, facts.libc().kind());
        assertEquals("2.36", facts.libc().version());
        assertTrue(facts.libc().evidence().contains("libc6 2.36-9+deb12u10"), facts.libc().evidence());
        assertEquals("debian", facts.osRelease().id());
        assertEquals("12", facts.osRelease().versionId());
        assertEquals("bookworm", facts.osRelease().versionCodename());
        assertEquals("x86_64", facts.machine());
        assertEquals("odoo", facts.config().user());
        assertEquals(1000, facts.accounts().user("odoo").orElseThrow().uid());
        assertEquals("odoo", facts.accounts().group(1000).orElseThrow().name());

        assertEquals(new BasePython.Resolved("3.11", "/usr/bin/python3.11", "x86_64", "2.36"),
                BasePython.resolve(facts, AUTO));
        assertEquals(new BasePython.Resolved("3.11.2", "/usr/bin/python3", "x86_64", "2.36"),
                BasePython.resolve(facts, new BasePython.Declared("3.11.2", "/usr/bin/python3", "x86_64", "2.36")),
                "explicit values that agree are kept as written");
    }

    @Test
    void pythonSlimLayoutOnTopOfDebian() throws Exception {
        BaseFacts facts = facts(new TestImage("amd64")
                .layer(l -> TestImage.debianRoot(l, "trixie", "13", "2.41-12", ""))
                .layer(l -> {
                    TestImage.python(l, "/usr/local", "3.12", "x86_64");
                    l.file("/usr/local/include/python3.12/patchlevel.h",
                            "#define PY_MINOR_VERSION 12\n#define PY_VERSION \"3.12.12\"\n");
                })
                .env("PATH=/usr/local/bin:/usr/bin").env("PYTHON_VERSION=3.12.12"));

        assertEquals(1, facts.pythons().size(), facts.pythons().toString());
        PythonInstall python = facts.pythons().get(0);
        assertEquals("/usr/local/bin/python3.12", python.interpreter());
        assertEquals("3.12.12", python.fullVersion());
        assertEquals("/usr/local/include/python3.12/patchlevel.h", python.fullVersionSource());
        assertEquals("/usr/local/lib/python3.12", python.stdlib());
        assertEquals("2.41", facts.libc().version());
        assertEquals("trixie", facts.osRelease().versionCodename());
        assertEquals(new BasePython.Resolved("3.12", "/usr/local/bin/python3.12", "x86_64", "2.41"),
                BasePython.resolve(facts, AUTO));
    }

    @Test
    void distrolessLikeWithoutDpkgTakesGlibcFromTheLibraryItself() throws Exception {
        BaseFacts facts = facts(new TestImage("arm64").layer(l -> {
            l.file("/etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n")
                    .file("/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Distroless\"\n")
                    .file("/lib/aarch64-linux-gnu/libc.so.6", TestImage.elf(
                            "GNU C Library (Debian GLIBC 2.36-9+deb12u13) stable release version 2.36."), 0755);
            TestImage.python(l, "/usr", "3.11", "aarch64");
        }));

        assertEquals(Libc.Kind.GLIBC, facts.libc().kind());
        assertEquals("2.36", facts.libc().version());
        assertEquals("/lib/aarch64-linux-gnu/libc.so.6 (its version banner)", facts.libc().evidence());
        assertEquals("", facts.pythons().get(0).fullVersion(), "no dpkg, no header, no env: minor only");
        assertEquals("3.11", facts.pythons().get(0).version());
        assertEquals("", facts.osRelease().versionCodename());
        assertEquals(new BasePython.Resolved("3.11", "/usr/bin/python3.11", "aarch64", "2.36"),
                BasePython.resolve(facts, AUTO));
    }

    @Test
    void muslIsRefusedNamingTheLoaderAndTheProperty() throws Exception {
        BaseFacts facts = facts(new TestImage("amd64").layer(l -> {
            l.file("/lib/ld-musl-x86_64.so.1", TestImage.elf("musl"), 0755)
                    .file("/etc/os-release", "ID=alpine\nVERSION_ID=3.20.3\n");
            TestImage.python(l, "/usr/local", "3.12", "x86_64");
        }));

        assertEquals(Libc.Kind.MUSL, facts.libc().kind());
        OdooImageException e = assertThrows(OdooImageException.class, () -> BasePython.resolve(facts, AUTO));
        assertTrue(e.getMessage().contains("/lib/ld-musl-x86_64.so.1") && e.getMessage().contains("odoo.base.image")
                && e.getMessage().contains("musl"), e.getMessage());
    }

    @Test
    void twoInterpretersNeedTheInterpreterProperty() throws Exception {
        BaseFacts facts = facts(debian().layer(l -> TestImage.python(l, "/usr/local", "3.12", "x86_64")));

        OdooImageException e = assertThrows(OdooImageException.class, () -> BasePython.resolve(facts, AUTO));
        assertTrue(e.getMessage().contains("/usr/bin/python3.11 (3.11.2)")
                && e.getMessage().contains("/usr/local/bin/python3.12 (3.12)")
                && e.getMessage().contains("odoo.python.interpreter"), e.getMessage());

        BasePython.Resolved chosen = BasePython.resolve(facts,
                new BasePython.Declared("auto", "/usr/local/bin/python3.12", "auto", "auto"));
        assertEquals("3.12", chosen.version(), "the version follows the chosen interpreter");
    }

    @Test
    void noInterpreterSaysWhatWasLookedForAndWhatToSet() throws Exception {
        BaseFacts facts = facts(new TestImage("amd64")
                .layer(l -> TestImage.debianRoot(l, "bookworm", "12", "2.36-9+deb12u10", ""))
                // a python3 without its standard library is not an interpreter the venv can use
                .layer(l -> l.file("/usr/bin/python3.11", TestImage.elf("x"), 0755)));

        assertEquals(List.of(), facts.pythons());
        OdooImageException e = assertThrows(OdooImageException.class, () -> BasePython.resolve(facts, AUTO));
        assertTrue(e.getMessage().contains("no Python interpreter") && e.getMessage().contains("odoo.base.image")
                && e.getMessage().contains("odoo.python.interpreter"), e.getMessage());
    }

    @Test
    void whiteoutsRemoveAnInterpreterOfALowerLayer() throws Exception {
        BaseFacts facts = facts(debian()
                .layer(l -> l.whiteout("/usr/bin/python3.11").whiteout("/usr/lib/python3.11"))
                .layer(l -> TestImage.python(l, "/usr/local", "3.12", "x86_64")));
        assertEquals(1, facts.pythons().size(), facts.pythons().toString());
        assertEquals("/usr/local/bin/python3.12", facts.pythons().get(0).interpreter());
    }

    @Test
    void explicitValuesThatDisagreeNameBothAndTheProperty() throws Exception {
        BaseFacts facts = facts(debian());
        assertDisagrees(facts, new BasePython.Declared("auto", "auto", "auto", "2.31"), "odoo.python.glibc", "2.31",
                "2.36");
        assertDisagrees(facts, new BasePython.Declared("3.12", "auto", "auto", "auto"), "odoo.python.version", "3.12",
                "3.11.2");
        assertDisagrees(facts, new BasePython.Declared("3.11.4", "auto", "auto", "auto"), "odoo.python.version",
                "3.11.4", "3.11.2");
        assertDisagrees(facts, new BasePython.Declared("auto", "auto", "aarch64", "auto"), "odoo.python.platform",
                "aarch64", "x86_64");
        assertDisagrees(facts, new BasePython.Declared("auto", "/usr/local/bin/python3.11", "auto", "auto"),
                "odoo.python.interpreter", "/usr/local/bin/python3.11", "/usr/bin/python3.11");
    }

    private static void assertDisagrees(BaseFacts facts, BasePython.Declared declared, String property, String pom,
            String base) {
        OdooImageException e = assertThrows(OdooImageException.class, () -> BasePython.resolve(facts, declared));
        assertTrue(e.getMessage().startsWith(property + " is " + pom + " in the pom") && e.getMessage().contains(base),
                e.getMessage());
    }

    @Test
    void describeListsEveryFact() throws Exception {
        String text = String.join("\n", facts(debian()).describe());
        for (String expected : List.of("linux/amd64 (machine x86_64)", "debian 12 bookworm", "glibc 2.36",
                "/usr/bin/python3.11 3.11.2", "cpython-311-x86_64-linux-gnu", "odoo=1000:1000")) {
            assertTrue(text.contains(expected), expected + " in\n" + text);
        }
    }
}
