package dev.odooimage.bytecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.Digests;

/** The .py files compileall takes from a tree, and what changed between two scans. */
class SourceIndexTest {
    @TempDir
    Path tree;

    private void write(String rel, String content) throws IOException {
        Path p = tree.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void takesWhatCompileallCompiles() throws IOException {
        write("odoo/__init__.py", "\n");
        write("odoo/release.py", "version = 1\n");
        write("odoo/views/x.xml", "<odoo/>\n");
        write("odoo/__pycache__/release.cpython-311.pyc", "stale");
        write("odoo/data/notes.pyw", "x\n");
        write("other/mod.py", "y = 2\n");
        Files.createSymbolicLink(tree.resolve("odoo/linked_dir"), tree.resolve("other"));
        Files.createSymbolicLink(tree.resolve("odoo/alias.py"), tree.resolve("odoo/release.py"));
        SourceIndex index = SourceIndex.scan(tree).orElseThrow();
        assertEquals(List.of("odoo/__init__.py", "odoo/alias.py", "odoo/release.py", "other/mod.py"),
                List.copyOf(index.paths()));
        assertEquals(Digests.sha256Hex("version = 1\n"), index.files().get("odoo/alias.py"), "a link has its target's bytes");
    }

    @Test
    void changedSinceNamesNewAndChangedFilesOnly() throws IOException {
        write("a.py", "1\n");
        write("b.py", "2\n");
        write("c.py", "3\n");
        SourceIndex before = SourceIndex.scan(tree).orElseThrow();
        write("b.py", "2 changed\n");
        Files.delete(tree.resolve("c.py"));
        write("d/e.py", "new\n");
        SourceIndex after = SourceIndex.scan(tree).orElseThrow();
        assertEquals(Set.of("b.py", "d/e.py"), after.changedSince(before));
        assertEquals(after, SourceIndex.fromLines(after.lines()), "the stamp lines give the index back");
        assertEquals(Set.of(), after.changedSince(SourceIndex.fromLines(after.lines())));
    }

    @Test
    void aNameWithALineBreakMeansAWholeCompile() throws IOException {
        write("sub/ blank .py", "\n");
        assertTrue(SourceIndex.scan(tree).isPresent(), "blanks inside a listed path survive compileall -i");
        write("sub/two\nlines.py", "\n");
        assertTrue(SourceIndex.scan(tree).isEmpty());
    }

    @Test
    void aPycNamesItsSource() {
        assertEquals("odoo/release.py", SourceIndex.sourceOf("odoo/__pycache__/release.cpython-311.pyc"));
        assertEquals("setup.py", SourceIndex.sourceOf("__pycache__/setup.cpython-311.pyc"));
        assertEquals("a/x.y.py", SourceIndex.sourceOf("a/__pycache__/x.y.cpython-311.pyc"));
        assertNull(SourceIndex.sourceOf("a/release.pyc"));
        assertNull(SourceIndex.sourceOf("a/__pycache__/sub/x.cpython-311.pyc"));
    }
}
