package dev.odooimage.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

class PythonLockerTest {
    static TestIndex index;
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    @BeforeAll
    static void publish() throws IOException {
        index = new TestIndex(shared.resolve("index"));
        PythonFixture.publishStandardSet(index);
    }

    @AfterAll
    static void stop() {
        index.close();
    }

    private PythonFixture fixture() throws IOException {
        PythonFixture f = new PythonFixture(dir, index);
        f.write("target/odoo/src/odoo/requirements.txt", PythonFixture.STANDARD_ODOO_REQUIREMENTS);
        f.write("requirements-constraints.in", "beta<2");
        return f;
    }

    private static Map<String, PythonLock.Entry> byName(PythonLock lock) {
        return lock.entries().stream().collect(Collectors.toMap(PythonLock.Entry::key, Function.identity()));
    }

    @Test
    void locksForTheTargetWithHashesViaAndPureSdists() throws IOException {
        PythonFixture f = fixture();
        PythonLocker.Outcome out = f.lock(PythonFixture.PY311);
        PythonLock lock = PythonLock.read(f.project.resolve("requirements.lock.txt"));
        assertEquals(lock, new PythonLock(lock.target(), lock.inputsDigest(), lock.entries()));
        Map<String, PythonLock.Entry> e = byName(lock);
        assertEquals(List.of("alpha", "beta", "gamma", "native", "purepkg", "tool"),
                lock.entries().stream().map(PythonLock.Entry::key).toList());
        assertEquals("1.0", e.get("beta").version(), "the constraint beta<2 holds");
        String nativeWheel = "native-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl";
        assertEquals(nativeWheel, e.get("native").fileName(), "1.1 needs glibc 2.38; linux/musl tags never fit");
        assertEquals(index.sha(nativeWheel), e.get("native").sha256());
        assertEquals(index.sha("alpha-1.0-py3-none-any.whl"), e.get("alpha").sha256());
        assertEquals(PythonLock.Source.SDIST, e.get("purepkg").source());
        assertEquals("purepkg-1.0.tar.gz", e.get("purepkg").fileName());
        assertEquals(index.sha("purepkg-1.0.tar.gz"), e.get("purepkg").sha256(), "the sdist's hash is locked");
        assertEquals(List.of("alpha"), e.get("beta").via());
        assertEquals(List.of("alpha"), e.get("gamma").via(), "gamma comes with alpha's extra 'fast'");
        assertEquals(List.of("odoo/requirements.txt"), e.get("alpha").via());
        assertEquals("cpython 3.11 linux x86_64 glibc 2.36", lock.target());
        assertEquals(out.inputs().digest(), lock.inputsDigest());
        String text = f.lockText();
        assertTrue(text.contains("native==1.0 \\\n    --hash=sha256:" + index.sha(nativeWheel) + "\n    # wheel: "
                + nativeWheel + "\n    # via odoo/requirements.txt\n"), text);
        assertFalse(text.contains(dir.toString()), "no host paths in the lock");
        assertTrue(Files.isRegularFile(f.project.resolve("target/odoo/requirements.effective.in")));
        assertTrue(Files.readString(f.project.resolve("target/odoo/requirements.report.txt"))
                .contains("compiledpkg==1.0"));
        assertTrue(f.logs.stream().anyMatch(l -> l.startsWith("No wheel for purepkg==1.0")), f.logs.toString());
        // A second lock of the same inputs is the same file, and needs no sdist pass (built wheels are cached).
        f.logs.clear();
        assertFalse(f.lock(PythonFixture.PY311).changed());
        assertTrue(f.logs.stream().noneMatch(l -> l.startsWith("No wheel for")), f.logs.toString());
    }

    @Test
    void platformSelectionFollowsTheTarget() throws IOException {
        PythonFixture f = fixture();
        f.lock(new PythonTarget("3.12", "/usr/local/bin/python3.12", "x86_64", "2.36"));
        assertEquals("native-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                byName(PythonLock.read(f.project.resolve("requirements.lock.txt"))).get("native").fileName());
        f.lock(new PythonTarget("3.11", "/usr/bin/python3.11", "aarch64", "2.36"));
        assertEquals("native-1.0-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
                byName(PythonLock.read(f.project.resolve("requirements.lock.txt"))).get("native").fileName());
        f.lock(new PythonTarget("3.11", "/usr/bin/python3.11", "x86_64", "2.39"));
        assertEquals("native-1.1-cp311-cp311-manylinux_2_38_x86_64.whl",
                byName(PythonLock.read(f.project.resolve("requirements.lock.txt"))).get("native").fileName(),
                "a newer glibc accepts the newer wheel");
    }

    @Test
    void compiledSdistFailsWithTheFixThenTheWheelhouseFixesIt() throws IOException {
        PythonFixture f = fixture();
        f.write("requirements.in", "compiledpkg==1.0");
        OdooImageException e = assertThrows(OdooImageException.class, () -> f.lock(PythonFixture.PY311));
        assertTrue(e.getMessage().contains("compiledpkg==1.0 (requirements.in:1) is published only as a source"
                + " distribution (compiledpkg-1.0.tar.gz) that compiles native code"), e.getMessage());
        assertTrue(e.getMessage().contains("requirements-overrides.in"), e.getMessage());
        assertTrue(e.getMessage().contains("into wheelhouse/"), e.getMessage());
        assertFalse(Files.exists(f.project.resolve("requirements.lock.txt")), "nothing half-written");

        TestIndex.Wheel w = index.wheel("compiledpkg", "1.0", "cp311-cp311-manylinux_2_17_x86_64");
        Files.createDirectories(f.project.resolve("wheelhouse"));
        Files.write(f.project.resolve("wheelhouse").resolve(w.fileName()), w.bytes());
        f.lock(PythonFixture.PY311);
        PythonLock.Entry c = byName(PythonLock.read(f.project.resolve("requirements.lock.txt"))).get("compiledpkg");
        assertEquals(PythonLock.Source.WHEELHOUSE, c.source());
        assertEquals(dev.odooimage.util.Digests.sha256Hex(f.project.resolve("wheelhouse").resolve(w.fileName())),
                c.sha256());
    }

    @Test
    void unresolvableInputsFailClearly() throws IOException {
        PythonFixture f = fixture();
        f.write("requirements.in", "beta>=2");
        OdooImageException e = assertThrows(OdooImageException.class, () -> f.lock(PythonFixture.PY311));
        assertTrue(e.getMessage().startsWith("pip cannot resolve the Python inputs for cpython 3.11"),
                e.getMessage());
    }
}
