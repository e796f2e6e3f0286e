package dev.odooimage.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.imageprep.CompiledTrees;

/** The .pyc mirrors of odoo:bytecode in the layer plan: in their tree's layer, only when fresh. */
class BytecodeLayersTest {
    @TempDir
    Path tmp;
    WorkDirFixture f;

    @BeforeEach
    void workDir() throws IOException {
        f = new WorkDirFixture(tmp).aggregates("./odoo", "./oca/web").venv().addonsPath("/opt/odoo/src/odoo/addons");
        f.write("src.json", """
                {"format": 1, "aggregates": [
                  {"path": "./odoo", "dir": "odoo", "digest": "d-odoo-1"},
                  {"path": "./oca/web", "dir": "oca/web", "digest": "d-web-1"}
                ]}
                """, "rw-r--r--");
        f.write("src/odoo/odoo/release.py", "version = '17.0'\n", "rw-r--r--");
        f.write("src/oca/web/web_x/__init__.py", "\n", "rw-r--r--");
        f.write("stamps/python-env", "venv-digest-1\n", "rw-r--r--");
    }

    private void compiled(String tree, String pyc, String sourceKey) throws IOException {
        f.write("bytecode/" + tree + "/" + pyc, "pyc bytes", "rw-r--r--");
        CompiledTrees.find(f.work, tree).orElseThrow();
        Path stamp = CompiledTrees.find(f.work, tree).orElseThrow().stamp();
        Files.createDirectories(stamp.getParent());
        Files.writeString(stamp, "source " + sourceKey + "\ninputs x\n");
    }

    private List<String> names(LayerPlan plan) {
        return plan.layers().stream().map(PlannedLayer::name).toList();
    }

    private static List<String> paths(PlannedLayer layer) {
        return layer.entries().stream().map(PlannedEntry::imagePath).toList();
    }

    private static boolean hasPyc(PlannedLayer layer) {
        return layer.entries().stream().anyMatch(e -> e.imagePath().contains("__pycache__"));
    }

    @Test
    void eachFreshMirrorGoesIntoItsTreesLayer() throws IOException {
        compiled("venv", "lib/python3.11/site-packages/psycopg2/__pycache__/__init__.cpython-311.pyc",
                "python-env:venv-digest-1");
        compiled("src/odoo", "odoo/__pycache__/release.cpython-311.pyc", "src:d-odoo-1");
        compiled("src/oca/web", "web_x/__pycache__/__init__.cpython-311.pyc", "src:d-web-1");
        List<String> warnings = new ArrayList<>();
        LayerPlan plan = f.planner(warnings).plan();
        List<String> names = names(plan);
        assertEquals(5, names.size(), "one layer per tree, .pyc included: " + names);
        assertTrue(names.get(1).startsWith("python venv"));
        assertTrue(names.get(2).startsWith("source odoo "));
        assertTrue(names.get(3).startsWith("source oca/web "));
        assertTrue(bytecodeWarnings(warnings).isEmpty(), warnings.toString());
        // The tree's entries, then its __pycache__; the directories both have appear once.
        assertEquals(List.of("/opt/odoo/src/odoo", "/opt/odoo/src/odoo/odoo", "/opt/odoo/src/odoo/odoo/release.py",
                "/opt/odoo/src/odoo/odoo/__pycache__", "/opt/odoo/src/odoo/odoo/__pycache__/release.cpython-311.pyc"),
                paths(plan.layers().get(2)));
        for (PlannedEntry e : plan.layers().get(2).entries()) {
            assertEquals(Ownership.ROOT, e.owner());
            assertEquals(e.directory() ? "755" : "644", e.octalMode(), e.imagePath());
        }
        assertTrue(paths(plan.layers().get(1)).contains(
                "/opt/odoo/venv/lib/python3.11/site-packages/psycopg2/__pycache__/__init__.cpython-311.pyc"));
        assertTrue(paths(plan.layers().get(3)).contains("/opt/odoo/src/oca/web/web_x/__pycache__/__init__.cpython-311.pyc"));
        // The mirrors never touch target/odoo/src.
        assertFalse(Files.exists(f.work.resolve("src/odoo/odoo/__pycache__")));
    }

    @Test
    void aMirrorOfOtherSourcesIsLeftOutWithAWarning() throws IOException {
        compiled("src/odoo", "odoo/__pycache__/release.cpython-311.pyc", "src:d-odoo-1");
        compiled("src/oca/web", "web_x/__pycache__/__init__.cpython-311.pyc", "src:d-web-0");
        List<String> warnings = new ArrayList<>();
        LayerPlan plan = f.planner(warnings).plan();
        assertTrue(hasPyc(plan.layers().get(2)), names(plan).toString());
        assertFalse(hasPyc(plan.layers().get(3)), names(plan).toString());
        warnings = bytecodeWarnings(warnings);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("src/oca/web") && warnings.get(0).contains("odoo:bytecode"),
                warnings.get(0));
    }

    @Test
    void withoutAContentDigestNoMirrorIsTrusted() throws IOException {
        compiled("venv", "lib/__pycache__/x.cpython-311.pyc", "python-env:venv-digest-1");
        Files.delete(f.work.resolve("stamps/python-env"));
        List<String> warnings = new ArrayList<>();
        assertFalse(hasPyc(f.planner(warnings).plan().layers().get(1)));
        assertEquals(1, bytecodeWarnings(warnings).size(), warnings.toString());
    }

    @Test
    void noMirrorsNoBytecodeNoWarning() {
        List<String> warnings = new ArrayList<>();
        LayerPlan plan = f.planner(warnings).plan();
        assertEquals(5, names(plan).size());
        assertFalse(plan.layers().stream().anyMatch(BytecodeLayersTest::hasPyc));
        assertTrue(bytecodeWarnings(warnings).isEmpty(), warnings.toString());
    }

    private static List<String> bytecodeWarnings(List<String> warnings) {
        return warnings.stream().filter(w -> w.contains("bytecode")).toList();
    }
}
