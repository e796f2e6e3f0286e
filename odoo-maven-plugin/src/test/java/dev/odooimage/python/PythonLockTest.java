package dev.odooimage.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

class PythonLockTest {
    @TempDir
    Path dir;

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @Test
    void rendersSortedAndReadsBack() throws IOException {
        PythonLock lock = new PythonLock("cpython 3.11 linux x86_64 glibc 2.36", "sha256:" + B, List.of(
                new PythonLock.Entry("Zeep", "4.2.1", A, "zeep-4.2.1-py3-none-any.whl", PythonLock.Source.INDEX,
                        List.of("odoo/requirements.txt")),
                new PythonLock.Entry("vobject", "0.9.6.1", B, "vobject-0.9.6.1.tar.gz", PythonLock.Source.SDIST,
                        List.of("odoo/requirements.txt", "ofxparse"))));
        String text = lock.render("mvn odoo:python-lock");
        assertTrue(text.indexOf("vobject==") < text.indexOf("zeep=="), text);
        assertTrue(text.contains("zeep==4.2.1 \\\n    --hash=sha256:" + A + "\n    # wheel: "
                + "zeep-4.2.1-py3-none-any.whl\n    # via odoo/requirements.txt\n"), text);
        Files.writeString(dir.resolve("l.txt"), text);
        PythonLock back = PythonLock.read(dir.resolve("l.txt"));
        assertEquals(lock.target(), back.target());
        assertEquals(lock.inputsDigest(), back.inputsDigest());
        assertEquals(List.of("odoo/requirements.txt", "ofxparse"), back.entries().get(0).via());
        assertEquals(PythonLock.Source.SDIST, back.entries().get(0).source());
        assertEquals(text, back.render("mvn odoo:python-lock"));
    }

    @Test
    void emptyAndHandEditedLocks() throws IOException {
        Files.writeString(dir.resolve("empty.txt"), "# bootstrap: generated on first build\n");
        PythonLock empty = PythonLock.read(dir.resolve("empty.txt"));
        assertTrue(empty.isEmpty());
        assertEquals(null, empty.target());
        assertTrue(PythonLock.read(dir.resolve("missing.txt")).isEmpty());
        Files.writeString(dir.resolve("edited.txt"), "# target: x\n# inputs-digest: y\nfoo==1.0\nbar>=2\n");
        OdooImageException e = assertThrows(OdooImageException.class, () -> PythonLock.read(dir.resolve(
                "edited.txt")));
        assertTrue(e.getMessage().startsWith("edited.txt:3: foo==1.0 has no --hash=sha256"), e.getMessage());
        Files.writeString(dir.resolve("edited.txt"), "foo==1.0 \\\n    --hash=sha256:" + A
                + "\n    # wheel: foo-1.0-py3-none-any.whl\nbar>=2\n");
        e = assertThrows(OdooImageException.class, () -> PythonLock.read(dir.resolve("edited.txt")));
        assertTrue(e.getMessage().startsWith("edited.txt:4: expected 'name==version"), e.getMessage());
    }
}
