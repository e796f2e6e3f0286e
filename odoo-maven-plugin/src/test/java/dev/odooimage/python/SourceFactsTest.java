package dev.odooimage.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

class SourceFactsTest {
    static final PythonTarget PY311 = RequirementsNormaliserTest.PY311;
    static final PythonTarget PY312 = new PythonTarget("3.12", "/usr/bin/python3.12", "x86_64", "2.41");
    static final PythonTarget PY313 = new PythonTarget("3.13", "/usr/bin/python3.13", "x86_64", "2.41");

    @TempDir
    Path dir;

    private void write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n");
    }

    private void odooTree() throws IOException {
        write("src/odoo/odoo-bin", "#!/usr/bin/env python3");
        write("src/odoo/requirements.txt", "gevent==22.10.2", "python-ldap==3.4.0");
        write("src/odoo/odoo/modules/module.py", "# -*- coding: utf-8 -*-", "import ast", "import os, pkg_resources",
                "import re");
        write("src/odoo/odoo/http.py", "\"\"\"doc\"\"\"", "import base64", "import cgi", "import collections");
        write("src/odoo/odoo/tools/lazy.py", "def f():", "    import imp  # indented: behind a call, proves nothing",
                "try:", "    import distutils", "except ImportError:", "    pass");
        write("src/odoo/odoo/addons/base/tests/test_x.py", "import telnetlib");
        write("src/oca/tools_x/__init__.py", "from distutils.version import LooseVersion");
        write("src/oca/tools_x/models/img.py", "import imghdr");
        write("src/oca/setup/tools_x/setup.py", "import pkg_resources", "import asyncore");
    }

    private SourceFacts.Result scan(PythonTarget t) {
        return SourceFacts.scan(dir.resolve("src"), dir.resolve("src/odoo/odoo"), t);
    }

    @Test
    void pkgResourcesNeedsASetuptoolsThatShipsIt() throws IOException {
        odooTree();
        SourceFacts.Result r = scan(PY311);
        assertEquals(1, r.needs().size(), r.toString());
        SourceFacts.Need need = r.needs().get(0);
        assertEquals("setuptools<81", need.requirement().toLine());
        assertEquals("odoo/odoo/modules/module.py:3", need.origin());
        assertTrue(need.why().contains("pkg_resources"), need.why());
        assertEquals(List.of(), r.missing(), "3.11 still has cgi, imghdr and distutils");
    }

    @Test
    void theScanIsCachedBySrcJsonAndRedoneWhenItMoves() throws IOException {
        odooTree();
        Path srcJson = dir.resolve("src.json");
        Path cache = dir.resolve("source-facts.cache");
        Files.writeString(srcJson, "{\"aggregates\": [{\"digest\": \"sha256:1\"}]}");
        SourceFacts.Result first = SourceFacts.scan(dir.resolve("src"), dir.resolve("src/odoo/odoo"), PY313, srcJson,
                cache);
        assertEquals(scan(PY313), first, "the cached path finds what a plain scan finds");
        assertTrue(Files.isRegularFile(cache));

        // The sources change behind aggregate's back: src.json did not move, so the cache answers.
        write("src/odoo/odoo/modules/module.py", "import ast");
        assertEquals(first, SourceFacts.scan(dir.resolve("src"), dir.resolve("src/odoo/odoo"), PY313, srcJson, cache));

        // src.json moves (odoo:aggregate rewrote the tree): the scan is redone.
        Files.writeString(srcJson, "{\"aggregates\": [{\"digest\": \"sha256:2\"}]}");
        SourceFacts.Result again = SourceFacts.scan(dir.resolve("src"), dir.resolve("src/odoo/odoo"), PY313, srcJson,
                cache);
        assertEquals("setuptools<81", first.needs().get(0).requirement().toLine());
        assertEquals("setuptools", again.needs().get(0).requirement().toLine(),
                "module.py no longer imports pkg_resources, only distutils still needs setuptools: " + again);
        assertEquals(scan(PY313), again);
    }

    @Test
    void distutilsFromPython312IsProvidedBySetuptools() throws IOException {
        write("src/oca/tools_x/__init__.py", "from distutils.version import LooseVersion");
        assertEquals(List.of(), scan(PY311).needs());
        SourceFacts.Result r = scan(PY312);
        assertEquals("setuptools", r.needs().get(0).requirement().toLine());
        assertEquals("oca/tools_x/__init__.py:1", r.needs().get(0).origin());
        odooTree();
        r = scan(PY312);
        assertEquals(1, r.needs().size(), "one setuptools line carries both reasons: " + r);
        assertTrue(r.needs().get(0).why().contains("oca/tools_x/__init__.py:1 imports distutils"), r.toString());
    }

    @Test
    void removedStandardModulesOnTheTargetPython() throws IOException {
        odooTree();
        SourceFacts.Result r = scan(PY313);
        assertEquals(List.of("cgi odoo/odoo/http.py:3 core", "imghdr oca/tools_x/models/img.py:1 addon"),
                r.missing().stream().map(m -> m.module() + " " + m.origin() + " " + (m.core() ? "core" : "addon"))
                        .toList(), "tests, setup.py and indented imports prove nothing");
        String msg = r.missing().get(0).message(PY313);
        assertTrue(msg.contains("odoo/odoo/http.py:3 imports cgi, which Python 3.13 removed"), msg);
        assertTrue(msg.contains("'legacy-cgi' to requirements.in"), msg);
    }

    @Test
    void theLockInputsCarryTheNeedAndFailOnACoreModuleTheTargetLacks() throws IOException {
        odooTree();
        Path work = Files.createDirectories(dir.resolve("target/odoo"));
        PythonProject project = new PythonProject(dir, dir.resolve("src"), null, dir.resolve("requirements.in"),
                dir.resolve("requirements-constraints.in"), dir.resolve("requirements-overrides.in"),
                dir.resolve("requirements.lock.txt"), work);
        NormalisedInputs n = PythonInputs.prepare(project, PY311, w -> { });
        assertTrue(n.effectiveIn("c.in").contains("setuptools<81  # odoo/odoo/modules/module.py:3 (imports"
                + " pkg_resources, which setuptools 81 and later no longer ship)"), n.effectiveIn("c.in"));
        assertTrue(Files.readString(project.report()).contains("setuptools<81"));
        assertEquals(List.of("odoo/odoo/modules/module.py"), n.originsByName().get("setuptools"),
                "the lock's '# via' names the importing file");

        OdooImageException e = assertThrows(OdooImageException.class, () -> PythonInputs.prepare(project, PY313,
                w -> { }));
        assertTrue(e.getMessage().contains("cannot import Odoo"), e.getMessage());
        write("requirements.in", "legacy-cgi==2.6.3");
        java.util.List<String> warnings = new java.util.ArrayList<>();
        PythonInputs.prepare(project, PY313, warnings::add);
        assertEquals(1, warnings.size(), "the backport settles cgi; the addon's imghdr stays a warning: " + warnings);
        assertTrue(warnings.get(0).contains("imghdr"), warnings.toString());

        write("requirements-overrides.in", "!setuptools");
        n = PythonInputs.prepare(project, PY311, w -> { });
        assertTrue(n.requirements().stream().noneMatch(x -> x.requirement().key().equals("setuptools")),
                "an explicit override still decides");
    }

    /** The real Odoo 16.0 core of ../shared/fixtures, when present. */
    @Test
    void realOdoo16Core() throws Exception {
        Path tarball = Path.of(System.getProperty("odoo.its.realOdoo", "../../shared/fixtures/odoo-16.0-core.tar.xz"))
                .toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(tarball), "!!! SKIPPED: no real Odoo core at " + tarball);
        Process p = new ProcessBuilder("tar", "-xJf", tarball.toString(), "-C", dir.toString()).inheritIO().start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0, "tar failed");
        Path src = dir.resolve("odoo-16.0-core");
        long t0 = System.nanoTime();
        SourceFacts.Result r = SourceFacts.scan(dir, src.resolve("odoo"), PY313);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("setuptools<81 odoo-16.0-core/odoo/modules/module.py:11",
                r.needs().get(0).requirement().toLine() + " " + r.needs().get(0).origin());
        assertEquals("cgi odoo-16.0-core/odoo/http.py:112", r.missing().get(0).module() + " "
                + r.missing().get(0).origin());
        System.out.println("SourceFacts scanned the Odoo 16.0 core in " + ms + " ms");
    }
}
