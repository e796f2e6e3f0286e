package dev.odooimage.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

class PythonEnvBuilderTest {
    static TestIndex index;
    static String lockText;
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    @BeforeAll
    static void lockOnce() throws IOException {
        index = new TestIndex(shared.resolve("index"));
        PythonFixture.publishStandardSet(index);
        PythonFixture f = standard(shared.resolve("locked"));
        f.lock(PythonFixture.PY311);
        lockText = f.lockText();
    }

    @AfterAll
    static void stop() {
        index.close();
    }

    static PythonFixture standard(Path root) throws IOException {
        PythonFixture f = new PythonFixture(root, index);
        f.write("target/odoo/src/odoo/requirements.txt", PythonFixture.STANDARD_ODOO_REQUIREMENTS);
        f.write("requirements-constraints.in", "beta<2");
        return f;
    }

    private PythonFixture locked(String name) throws IOException {
        PythonFixture f = standard(dir.resolve(name));
        Files.writeString(f.project.resolve("requirements.lock.txt"), lockText);
        return f;
    }

    @Test
    void laysOutTheVenvForTheImage() throws IOException {
        PythonFixture f = locked("a");
        assertFalse(f.env(PythonFixture.PY311, false).skipped());
        Path venv = f.project.resolve("target/odoo/venv");
        assertEquals("home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11\n"
                + "executable = /usr/bin/python3.11\n", Files.readString(venv.resolve("pyvenv.cfg")));
        Path site = venv.resolve("lib/python3.11/site-packages");
        assertEquals("VALUE = 'purepkg 1.0 from sdist'\n", Files.readString(site.resolve("purepkg/__init__.py")));
        assertTrue(Files.readString(site.resolve("native/__init__.py")).contains("manylinux_2_17_x86_64"));
        assertEquals("#!/opt/odoo/venv/bin/python", Files.readAllLines(venv.resolve("bin/tool-cli")).get(0));
        assertTrue(Files.readString(venv.resolve("bin/tool-cli")).contains("from tool.cli import main"));
        assertEquals("#!/opt/odoo/venv/bin/python", Files.readAllLines(venv.resolve("bin/tool-legacy")).get(0));
        assertTrue(Files.getPosixFilePermissions(venv.resolve("bin/tool-legacy"))
                .contains(PosixFilePermission.OTHERS_EXECUTE));
        assertEquals("data file\n", Files.readString(venv.resolve("share/tool/readme.txt")));
        assertTrue(Files.isRegularFile(venv.resolve("include/site/python3.11/tool/tool.h")));
        assertTrue(Files.readString(venv.resolve("bin/python")).contains(
                "exec -a /opt/odoo/venv/bin/python /usr/bin/python3.11 \"$@\""));
        assertFalse(Files.isSymbolicLink(venv.resolve("bin/python")));
        // RECORD lists every installed file with its real hash, scripts relative to site-packages.
        String record = Files.readString(site.resolve("tool-1.0.dist-info/RECORD"));
        byte[] cli = Files.readAllBytes(venv.resolve("bin/tool-cli"));
        assertTrue(record.contains("../../../bin/tool-cli,sha256=" + java.util.Base64.getUrlEncoder()
                .withoutPadding().encodeToString(Digests.sha256().digest(cli)) + "," + cli.length + "\n"), record);
        assertEquals("odoo-maven-plugin\n", Files.readString(site.resolve("tool-1.0.dist-info/INSTALLER")));
        // Only what the lock says: no winonly, no beta 2, no pip/setuptools/wheel.
        try (Stream<Path> s = Files.list(site)) {
            assertEquals(List.of("alpha", "alpha-1.0.dist-info", "beta", "beta-1.0.dist-info", "gamma",
                    "gamma-1.0.dist-info", "native", "native-1.0.dist-info", "purepkg", "purepkg-1.0.dist-info",
                    "tool", "tool-1.0.dist-info"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // No host path anywhere in the venv.
        try (Stream<Path> s = Files.walk(venv)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(dir.toString()) || text.contains(shared.toString())
                        || text.contains(PythonFixture.TOOL_ROOT.toString()), "host path in " + p);
            }
        }
    }

    @Test
    void sameLockSameBytesAndStampSkips() throws IOException {
        PythonFixture a = locked("a");
        a.env(PythonFixture.PY311, false);
        PythonFixture b = locked("b");
        b.cache = dir.resolve("other-cache");
        b.env(PythonFixture.PY311, false);
        Map<String, String> ta = tree(a.project.resolve("target/odoo/venv"));
        assertEquals(ta, tree(b.project.resolve("target/odoo/venv")));
        assertTrue(ta.size() > 30, ta.keySet().toString());
        // Unchanged lock and target: skipped. Warm cache and index gone: installs offline.
        assertTrue(a.env(PythonFixture.PY311, false).skipped());
        Files.writeString(a.project.resolve("target/odoo/stamps/python-env"), "stale\n");
        index.requests.clear();
        assertFalse(a.env(PythonFixture.PY311, true).skipped());
        assertEquals(List.of(), index.requests, "offline rebuild from the wheel cache");
        assertEquals(ta, tree(a.project.resolve("target/odoo/venv")));
        // The interpreter moved in the image (same version and platform): same lock, new venv.
        PythonTarget moved = new PythonTarget("3.11", "/usr/local/bin/python3.11", "x86_64", "2.36");
        assertFalse(a.env(moved, true).skipped());
        assertTrue(Files.readString(a.project.resolve("target/odoo/venv/pyvenv.cfg"))
                .startsWith("home = /usr/local/bin\n"));
        assertTrue(Files.readString(a.project.resolve("target/odoo/venv/bin/python"))
                .contains(" /usr/local/bin/python3.11 \"$@\""));
    }

    @Test
    void tamperedArtifactsFail() throws IOException {
        PythonFixture f = locked("a");
        f.env(PythonFixture.PY311, false);
        // A damaged cache entry is dropped and fetched again, never installed.
        Path cached = f.cache.resolve("artifacts").resolve(index.sha("alpha-1.0-py3-none-any.whl"))
                .resolve("alpha-1.0-py3-none-any.whl");
        Files.write(cached, new byte[] {1, 2, 3});
        Files.delete(f.project.resolve("target/odoo/stamps/python-env"));
        f.env(PythonFixture.PY311, false);
        assertEquals(index.sha("alpha-1.0-py3-none-any.whl"), Digests.sha256Hex(cached));
        // The index serves other bytes under the locked name: refused, old venv untouched.
        PythonFixture g = locked("b");
        g.cache = dir.resolve("cold");
        index.tamper("beta-1.0-py3-none-any.whl");
        try {
            OdooImageException e = assertThrows(OdooImageException.class, () -> g.env(PythonFixture.PY311, false));
            assertTrue(e.getMessage().startsWith("hash mismatch for beta-1.0-py3-none-any.whl"), e.getMessage());
            assertFalse(Files.exists(g.project.resolve("target/odoo/venv")));
            assertFalse(Files.exists(g.project.resolve("target/odoo/stamps/python-env")));
        } finally {
            index.tamper("beta-1.0-py3-none-any.whl"); // xor again restores it
        }
    }

    @Test
    void emptyLockAndDriftFailWithTheCommand() throws IOException {
        PythonFixture f = standard(dir.resolve("a"));
        f.write("requirements.lock.txt");
        OdooImageException e = assertThrows(OdooImageException.class, () -> f.env(PythonFixture.PY311, false));
        assertEquals("requirements.lock.txt is empty (bootstrap): create it with `mvn generate-resources"
                + " -Dodoo.python.refresh`, then review and commit it", e.getMessage());
        Files.writeString(f.project.resolve("requirements.lock.txt"), lockText);
        f.write("requirements.in", "gamma==1.0");
        e = assertThrows(OdooImageException.class, () -> f.env(PythonFixture.PY311, false));
        assertTrue(e.getMessage().startsWith("inputs changed since the lock was made"), e.getMessage());
        assertTrue(e.getMessage().contains("mvn generate-resources -Dodoo.python.refresh"), e.getMessage());
        f.write("requirements.in");
        e = assertThrows(OdooImageException.class, () -> f.env(new PythonTarget("3.12", "/usr/bin/python3.12",
                "x86_64", "2.36"), false));
        assertTrue(e.getMessage().startsWith("inputs changed since the lock was made: requirements.lock.txt is for"
                + " 'cpython 3.11"), e.getMessage());
        // Odoo's own requirements changing (a source refresh) is drift too.
        f.write("target/odoo/src/odoo/requirements.txt", "alpha[fast]==1.0");
        e = assertThrows(OdooImageException.class, () -> f.env(PythonFixture.PY311, false));
        assertTrue(e.getMessage().startsWith("inputs changed since the lock was made"), e.getMessage());
    }

    @Test
    void wrongPlatformWheelIsRefusedAtInstall() throws IOException {
        PythonFixture f = locked("a");
        String armLock = lockText.replace("cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64",
                "cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64")
                .replace(index.sha("native-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"),
                        index.sha("native-1.0-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl"));
        assertNotEquals(lockText, armLock);
        Files.writeString(f.project.resolve("requirements.lock.txt"), armLock);
        OdooImageException e = assertThrows(OdooImageException.class, () -> f.env(PythonFixture.PY311, false));
        assertTrue(e.getMessage().contains("does not fit the target"), e.getMessage());
    }

    /** The bin/python design, proven with the host's own CPython 3.11 laid out at a real path. */
    @Test
    void launcherStartsTheInterpreterAsTheVenv() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3.11")),
                "needs /usr/bin/python3.11 (Debian bookworm's python3)");
        PythonFixture f = locked("a");
        Path venv = f.project.resolve("target/odoo/venv").toAbsolutePath();
        f.env(f.settings(PythonFixture.PY311, false, venv.toString()));
        String out = run(venv.resolve("bin/python").toString(), "-c",
                "import sys, alpha, purepkg, native, subprocess; print(sys.prefix); print(sys.base_prefix);"
                        + " print(sys.executable); print(purepkg.VALUE);"
                        + " print(subprocess.check_output([sys.executable, '-c', 'import sys; print(sys.prefix)'],"
                        + " text=True).strip())");
        assertEquals(List.of(venv.toString(), "/usr", venv + "/bin/python", "purepkg 1.0 from sdist",
                venv.toString()), List.of(out.strip().split("\n")));
        assertEquals("tool-cli " + venv, run(venv.resolve("bin/tool-cli").toString()).strip());
        assertEquals("legacy " + venv, run(venv.resolve("bin/tool-legacy").toString()).strip());
        assertTrue(run(venv.resolve("bin/python3.11").toString(), "-c", "import sys; print(sys.path)")
                .contains(venv + "/lib/python3.11/site-packages"));
    }

    private static String run(String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PYTHON") || k.equals("VIRTUAL_ENV"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String rel = root.relativize(p).toString();
                m.put(rel, Files.isDirectory(p) ? "dir" : Digests.sha256Hex(p) + " "
                        + PosixFilePermissionsString.of(p));
            }
        }
        return m;
    }

    static final class PosixFilePermissionsString {
        static String of(Path p) throws IOException {
            return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        }
    }
}
