package dev.odooimage.bytecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.image.BytecodeTrees;
import dev.odooimage.imageprep.CompiledTrees;
import dev.odooimage.util.OdooImageException;

/** What odoo:bytecode does without a container engine, and with trees it cannot vouch for. */
class BytecodeCompilerTest {
    @TempDir
    Path tmp;
    Path work;

    @BeforeEach
    void workDir() throws IOException {
        work = tmp.resolve("target/odoo");
        write("src.json", """
                {"format": 1, "aggregates": [
                  {"path": "./odoo", "dir": "odoo", "digest": "d-odoo"},
                  {"path": "./acme", "dir": "acme"}
                ]}
                """);
        write("src/odoo/odoo/__init__.py", "\n");
        write("src/acme/acme/__init__.py", "\n");
        write("venv/pyvenv.cfg", "home = /usr/bin\nexecutable = /usr/bin/python3.11\n");
        write("stamps/python-env", "v1\n");
    }

    private void write(String rel, String content) throws IOException {
        Path p = work.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private BytecodeCompiler compiler(List<String> log, List<String> warn) {
        return new BytecodeCompiler(work).setEngines(List.of(tmp.resolve("no-such-engine").toString()))
                .setBase(new BaseImageSource("registry.example/debian-python:3.11@sha256:" + "a".repeat(64), false))
                .setLog(log::add).setWarn(warn::add);
    }

    @Test
    void withoutAnEngineOneWarningAndNoBytecode() throws IOException {
        // A mirror from an earlier build with another base: it must not ship with the new one.
        write("bytecode/src/odoo/odoo/__pycache__/__init__.cpython-311.pyc", "old");
        BytecodeTrees.Tree odoo = CompiledTrees.find(work, "src/odoo").orElseThrow();
        odoo.writeStamp("inputs-of-another-base");
        List<String> log = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        BytecodeCompiler.Result r = compiler(log, warn).call();
        assertEquals(1, warn.size(), warn.toString());
        assertTrue(warn.get(0).contains("no container engine works") && warn.get(0).contains("venv, src/odoo")
                && warn.get(0).contains("-Dodoo.bytecode.skip=true"), warn.get(0));
        assertEquals(List.of("src/acme", "venv", "src/odoo"), r.withoutBytecode());
        assertFalse(Files.exists(odoo.output()));
        assertFalse(Files.exists(odoo.stamp()));
        assertTrue(Files.exists(work.resolve("src/odoo/odoo/__init__.py")), "sources untouched");
    }

    @Test
    void aTreeWithoutContentDigestGetsNoBytecodeAndItsOldMirrorGoes() throws IOException {
        write("bytecode/src/acme/acme/__pycache__/__init__.cpython-311.pyc", "old");
        List<String> log = new ArrayList<>();
        compiler(log, new ArrayList<>()).call();
        assertFalse(Files.exists(work.resolve("bytecode/src/acme")));
        assertTrue(log.stream().anyMatch(l -> l.contains("no content digest for src/acme")), log.toString());
    }

    @Test
    void treesDroppedFromTheLockLoseTheirMirror() throws IOException {
        write("bytecode/src/gone/x/__pycache__/y.cpython-311.pyc", "old");
        write("bytecode/stamps/src%2Fgone", "source src:x\ninputs y\n");
        compiler(new ArrayList<>(), new ArrayList<>()).call();
        assertFalse(Files.exists(work.resolve("bytecode/src/gone")));
        assertFalse(Files.exists(work.resolve("bytecode/stamps/src%2Fgone")));
    }

    @Test
    void aMissingBaseImageIsNamedWithTheFix() {
        OdooImageException e = assertThrows(OdooImageException.class,
                () -> new BytecodeCompiler(work).setBase(new BaseImageSource(null, false)).call());
        assertTrue(e.getMessage().contains("odoo.base.image") && e.getMessage().contains("odoo.bytecode.skip"),
                e.getMessage());
    }

    @Test
    void skipClearsEveryMirror() throws IOException {
        write("bytecode/venv/lib/__pycache__/a.cpython-311.pyc", "x");
        BytecodeCompiler.clear(work);
        assertFalse(Files.exists(work.resolve("bytecode")));
    }

    /** What a compile of src/odoo with the test's base and interpreter would have stamped, from {@code source}. */
    private BytecodeTrees.Tree compiledBefore(String sourceKey, String... pycs) throws IOException {
        for (String pyc : pycs) {
            write("bytecode/src/odoo/" + pyc, "pyc of " + pyc);
        }
        BytecodeTrees.Tree odoo = CompiledTrees.find(work, "src/odoo").orElseThrow();
        String key = BytecodeCompiler.compilerKey(
                new BaseImageSource("registry.example/debian-python:3.11@sha256:" + "a".repeat(64), false).key(),
                "/usr/bin/python3.11", odoo.imagePath());
        List<String> lines = new ArrayList<>(List.of("compiler " + key));
        lines.addAll(SourceIndex.scan(odoo.sources()).orElseThrow().lines());
        new BytecodeTrees.Tree(odoo.name(), odoo.sources(), odoo.imagePath(), sourceKey, odoo.output(), odoo.stamp())
                .writeStamp("inputs-before", lines);
        return odoo;
    }

    @Test
    void aChangeWithoutPythonFilesKeepsEveryPycAndNeedsNoContainer() throws IOException {
        write("src/odoo/odoo/release.py", "version = 1\n");
        write("src/odoo/odoo/gone.py", "x = 1\n");
        write("src/odoo/odoo/views/v.xml", "<odoo/>\n");
        BytecodeTrees.Tree odoo = compiledBefore("src:d-before", "odoo/__pycache__/__init__.cpython-311.pyc",
                "odoo/__pycache__/release.cpython-311.pyc", "odoo/__pycache__/gone.cpython-311.pyc");
        // The new commit (digest d-odoo in src.json): an XML file changed, a .py deleted.
        write("src/odoo/odoo/views/v.xml", "<odoo><!-- changed --></odoo>\n");
        Files.delete(work.resolve("src/odoo/odoo/gone.py"));
        List<String> log = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        BytecodeCompiler.Result r = compiler(log, warn).call();

        assertEquals(List.of("src/odoo"), r.compiled(), log.toString());
        assertEquals(List.of("src/acme", "venv"), r.withoutBytecode(), "only the venv needed the compiler");
        assertTrue(warn.size() == 1 && warn.get(0).contains("no .pyc for venv,") , warn.toString());
        Path mirror = odoo.output().resolve("odoo/__pycache__");
        assertEquals("pyc of odoo/__pycache__/release.cpython-311.pyc",
                Files.readString(mirror.resolve("release.cpython-311.pyc")), "an unchanged file keeps its .pyc");
        assertTrue(Files.exists(mirror.resolve("__init__.cpython-311.pyc")));
        assertFalse(Files.exists(mirror.resolve("gone.cpython-311.pyc")), "a deleted file's .pyc goes");
        assertTrue(odoo.fresh(), "the mirror now vouches for the new sources");
        assertTrue(log.stream().anyMatch(l -> l.contains("src/odoo: 0 changed .py of 2, 0 .pyc compiled, 2 reused")),
                log.toString());
        assertFalse(Files.exists(work.resolve("src/odoo/odoo/__pycache__")), "sources untouched");

        // The same inputs again: up to date.
        List<String> again = new ArrayList<>();
        compiler(again, new ArrayList<>()).call();
        assertTrue(odoo.fresh());
        assertEquals("src:d-odoo", odoo.stampField("source"));
    }

    @Test
    void aChangedPythonFileNeedsTheCompilerAndNoStalePycShips() throws IOException {
        write("src/odoo/odoo/release.py", "version = 1\n");
        BytecodeTrees.Tree odoo = compiledBefore("src:d-before", "odoo/__pycache__/__init__.cpython-311.pyc",
                "odoo/__pycache__/release.cpython-311.pyc");
        write("src/odoo/odoo/release.py", "version = 2\n");
        List<String> warn = new ArrayList<>();
        BytecodeCompiler.Result r = compiler(new ArrayList<>(), warn).call();
        assertTrue(warn.get(0).contains("no .pyc for venv, src/odoo"), warn.toString());
        assertTrue(r.withoutBytecode().contains("src/odoo"));
        assertFalse(Files.exists(odoo.output()), "no half-reused mirror without a compiler");
        assertFalse(Files.exists(odoo.stamp()));
    }

    @Test
    void anotherBaseMeansAWholeCompile() throws IOException {
        write("src/odoo/odoo/views/v.xml", "<odoo/>\n");
        BytecodeTrees.Tree odoo = compiledBefore("src:d-before", "odoo/__pycache__/__init__.cpython-311.pyc");
        List<String> warn = new ArrayList<>();
        new BytecodeCompiler(work).setEngines(List.of(tmp.resolve("no-such-engine").toString()))
                .setBase(new BaseImageSource("registry.example/debian-python:3.11@sha256:" + "b".repeat(64), false))
                .setLog(s -> { }).setWarn(warn::add).call();
        assertTrue(warn.get(0).contains("no .pyc for venv, src/odoo"), "no .py changed, but the compiler did: " + warn);
        assertFalse(Files.exists(odoo.output()));
    }
}
