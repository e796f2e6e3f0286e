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

    @Test
    void aCompiledEntryKeepsItsWheelAndBuildRequirements() throws IOException {
        BuildRequirements.Pinned pip = new BuildRequirements.Pinned("pip", "25.3", "pip-25.3-py3-none-any.whl", A);
        BuildRequirements.Pinned st = new BuildRequirements.Pinned("setuptools", "80.9.0",
                "setuptools-80.9.0-py3-none-any.whl", B);
        PythonLock lock = new PythonLock("cpython 3.11 linux x86_64 glibc 2.36", "sha256:" + B, List.of(
                new PythonLock.Entry("python-ldap", "3.4.4", A, "python-ldap-3.4.4.tar.gz", PythonLock.Source.COMPILED,
                        List.of("odoo/requirements.txt"), new BuildRequirements.Pinned("python-ldap", "",
                                "python_ldap-3.4.4-cp311-cp311-linux_x86_64.whl", B), List.of(pip, st))));
        String text = lock.render("mvn odoo:python-lock");
        assertTrue(text.contains("python-ldap==3.4.4 \\\n    --hash=sha256:" + A + "\n"
                + "    # compiled: python-ldap-3.4.4.tar.gz\n"
                + "    # built-wheel: python_ldap-3.4.4-cp311-cp311-linux_x86_64.whl sha256:" + B + "\n"
                + "    # build-requires: pip==25.3 pip-25.3-py3-none-any.whl sha256:" + A + "\n"
                + "    # build-requires: setuptools==80.9.0 setuptools-80.9.0-py3-none-any.whl sha256:" + B + "\n"
                + "    # via odoo/requirements.txt\n"), text);
        Files.writeString(dir.resolve("c.txt"), text);
        PythonLock.Entry back = PythonLock.read(dir.resolve("c.txt")).entries().get(0);
        assertEquals(PythonLock.Source.COMPILED, back.source());
        assertEquals(List.of(pip, st), back.buildRequires());
        assertEquals(B, back.built().sha256());
        assertEquals(text, PythonLock.read(dir.resolve("c.txt")).render("mvn odoo:python-lock"));
        Files.writeString(dir.resolve("bad.txt"), text.replace("pip==25.3 pip-25.3", "pip>=25 pip-25.3"));
        OdooImageException e = assertThrows(OdooImageException.class, () -> PythonLock.read(dir.resolve("bad.txt")));
        assertTrue(e.getMessage().startsWith("bad.txt:9: expected 'name==version file.whl sha256:"), e.getMessage());
    }

    @Test
    void buildRequirementsComeFromPyprojectOrPipsLegacyDefault() throws IOException {
        assertEquals(List.of("setuptools>=61", "wheel", "cython<3 ; python_version < '3.12'"),
                BuildRequirements.declared(sdist("p-1.0", "[project]\nname = 'p'\n\n[build-system]\n"
                        + "requires = [\"setuptools>=61\", 'wheel', # the backend\n  \"cython<3 ; python_version < '3.12'\"]\n"
                        + "build-backend = 'setuptools.build_meta'\n\n[tool.x]\nrequires = ['no']\n")));
        assertEquals(List.of("setuptools>=40.8.0", "wheel"), BuildRequirements.declared(sdist("q-1.0", null)));
        assertEquals(List.of("setuptools>=40.8.0", "wheel"), BuildRequirements.declared(sdist("r-1.0",
                "[tool.black]\nline-length = 99\n")));
    }

    private Path sdist(String top, String pyproject) throws IOException {
        Path f = dir.resolve(top + ".tar.gz");
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new java.util.zip.GZIPOutputStream(Files.newOutputStream(f)))) {
            java.util.Map<String, String> files = new java.util.LinkedHashMap<>();
            files.put(top + "/setup.py", "from setuptools import setup\nsetup()\n");
            if (pyproject != null) {
                files.put(top + "/pyproject.toml", pyproject);
            }
            files.put(top + "/sub/pyproject.toml", "[build-system]\nrequires = ['not-this-one']\n");
            for (var e : files.entrySet()) {
                byte[] b = e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e.getKey());
                entry.setSize(b.length);
                tar.putArchiveEntry(entry);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
        return f;
    }
}
