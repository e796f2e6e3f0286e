package dev.odooimage.bytecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PycacheMirrorTest {
    @TempDir
    Path tmp;

    @Test
    void movesPrefixFilesIntoPycacheDirectoriesOfTheirTreeOnly() throws IOException {
        Path prefix = tmp.resolve("out");
        write(prefix.resolve("opt/odoo/src/odoo/setup.cpython-311.pyc"), "a");
        write(prefix.resolve("opt/odoo/src/odoo/odoo/release.cpython-311.pyc"), "b");
        write(prefix.resolve("opt/odoo/src/odoo/odoo/addons/base/models/res.cpython-311.pyc"), "c");
        write(prefix.resolve("opt/odoo/src/odoo/odoo/notes.txt"), "not bytecode");
        // Another tree and the interpreter's own stdlib compiled at start: not this tree's.
        write(prefix.resolve("opt/odoo/src/odoo-extra/x.cpython-311.pyc"), "d");
        write(prefix.resolve("usr/lib/python3.11/encodings/utf_8.cpython-311.pyc"), "e");

        Path mirror = tmp.resolve("mirror");
        assertEquals(3, PycacheMirror.harvest(prefix, "/opt/odoo/src/odoo", mirror));
        assertEquals(List.of("__pycache__/setup.cpython-311.pyc", "odoo/__pycache__/release.cpython-311.pyc",
                "odoo/addons/base/models/__pycache__/res.cpython-311.pyc"), files(mirror));
        assertEquals("b", Files.readString(mirror.resolve("odoo/__pycache__/release.cpython-311.pyc")));
        assertTrue(Files.exists(prefix.resolve("opt/odoo/src/odoo-extra/x.cpython-311.pyc")));
        assertFalse(Files.exists(prefix.resolve("opt/odoo/src/odoo/odoo/release.cpython-311.pyc")));
    }

    @Test
    void aTreeWithoutPythonGivesAnEmptyMirror() {
        Path mirror = tmp.resolve("mirror");
        assertEquals(0, PycacheMirror.harvest(tmp.resolve("out"), "/opt/odoo/src/docs", mirror));
        assertTrue(Files.isDirectory(mirror));
    }

    @Test
    void interpreterComesFromPyvenvCfg() throws IOException {
        Path venv = tmp.resolve("venv");
        write(venv.resolve("pyvenv.cfg"), "home = /usr/bin\ninclude-system-site-packages = false\n"
                + "version = 3.11.2\nexecutable = /usr/bin/python3.11\n");
        assertEquals("/usr/bin/python3.11", BytecodeCompiler.interpreter(venv));
        write(venv.resolve("pyvenv.cfg"), "home = /usr/local/bin\n");
        assertEquals("/usr/local/bin/python3", BytecodeCompiler.interpreter(venv));
        assertEquals("python3", BytecodeCompiler.interpreter(tmp.resolve("none")));
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private static void write(Path p, String s) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, s);
    }
}
