package dev.odooimage.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

class RequirementsNormaliserTest {
    static final PythonTarget PY311 = new PythonTarget("3.11", "/usr/bin/python3.11", "x86_64", "2.36");
    static final PythonTarget PY310 = new PythonTarget("3.10", "/usr/bin/python3.10", "x86_64", "2.35");

    @TempDir
    Path dir;

    private RequirementsNormaliser.Inputs inputs() {
        return new RequirementsNormaliser.Inputs(dir.resolve("src/odoo/requirements.txt"), dir.resolve("src"),
                dir.resolve("requirements.in"), dir.resolve("requirements-constraints.in"),
                dir.resolve("requirements-overrides.in"), dir);
    }

    private void write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n");
    }

    private static List<String> lines(NormalisedInputs n) {
        return n.requirements().stream().map(e -> e.requirement().toLine()).toList();
    }

    @Test
    void markersFollowTheTargetAndIncludesAreFollowed() throws IOException {
        write("src/odoo/requirements.txt",
                "Babel==2.9.1  # min version",
                "gevent==21.8.0 ; python_version > '3.9' and python_version <= '3.10'",
                "gevent==22.10.2; python_version > '3.10'",
                "psycopg2==2.9.5 ; python_version > '3.10' or sys_platform == 'win32'",
                "pywin32==306 ; sys_platform == 'win32'",
                "-r extra/more.txt",
                "lxml==4.9.2 ; \\",
                "    python_version > '3.10'");
        write("src/odoo/extra/more.txt", "pytz");
        write("requirements.in", "requests[socks] >= 2.31, <3");
        NormalisedInputs n = new RequirementsNormaliser().normalise(inputs(), PY311);
        assertEquals(List.of("Babel==2.9.1", "gevent==22.10.2", "lxml==4.9.2", "psycopg2==2.9.5", "pytz",
                "requests[socks]>=2.31,<3"), lines(n));
        assertEquals("odoo/requirements.txt:7", n.requirements().get(2).origin());
        assertEquals("odoo/extra/more.txt:1", n.requirements().get(4).origin());
        assertEquals(List.of("gevent==21.8.0", "pywin32==306"),
                n.inactive().stream().map(l -> l.requirement().toLine()).toList());
        NormalisedInputs n310 = new RequirementsNormaliser().normalise(inputs(), PY310);
        assertTrue(lines(n310).contains("gevent==21.8.0"));
        assertNotEquals(n.digest(), n310.digest());
        String report = n.report();
        assertTrue(report.contains("odoo/requirements.txt:5  marker: sys_platform == 'win32'"), report);
        assertTrue(n.effectiveIn("c.in").contains("gevent==22.10.2  # odoo/requirements.txt:3\n"));
        assertTrue(!n.effectiveIn("c.in").contains(dir.toString()));
    }

    @Test
    void overridesInAllThreeForms() throws IOException {
        write("src/odoo/requirements.txt", "psycopg2==2.9.5 ; python_version > '3.10'",
                "python-ldap==3.4.0 ; sys_platform != 'win32'", "Werkzeug==2.2.2", "zeep==4.2.1");
        write("requirements.in", "zeep==4.2.1");
        write("requirements-overrides.in", "# comments are fine",
                "psycopg2 -> psycopg2-binary==2.9.9",
                "!python_ldap",
                "werkzeug==2.3.8",
                "zeep>=4.2,<5",
                "!not-there",
                "pywin32==306 ; sys_platform == 'win32'");
        NormalisedInputs n = new RequirementsNormaliser().normalise(inputs(), PY311);
        assertEquals(List.of("psycopg2-binary==2.9.9", "werkzeug==2.3.8", "zeep>=4.2,<5"), lines(n));
        assertEquals(4, n.overridden().size(), n.overridden().toString());
        assertTrue(n.overridden().get(0).contains("psycopg2==2.9.5 (odoo/requirements.txt:1) -> "
                + "psycopg2-binary==2.9.9 (requirements-overrides.in:2)"), n.overridden().get(0));
        assertTrue(n.overridden().get(1).contains("dropped by requirements-overrides.in:3"));
        assertTrue(n.overridden().get(3).contains("zeep==4.2.1 (odoo/requirements.txt:4), zeep==4.2.1"
                + " (requirements.in:1)"), n.overridden().get(3));
        assertEquals(1, n.warnings().size());
        assertTrue(n.inactive().stream().anyMatch(l -> l.origin().equals("requirements-overrides.in:7")));
        assertTrue(n.warnings().get(0).startsWith("requirements-overrides.in:6: override '!not-there' matches no"),
                n.warnings().get(0));
    }

    @Test
    void constraintsDuplicatesAndDigestNormalisation() throws IOException {
        write("src/odoo/requirements.txt", "Babel==2.9.1", "babel == 2.9.1", "pytz");
        write("requirements.in", "pytz>=2020");
        write("requirements-constraints.in", "urllib3<2", "idna<3 ; python_version < '3'");
        NormalisedInputs a = new RequirementsNormaliser().normalise(inputs(), PY311);
        assertEquals(List.of("urllib3<2"), a.constraints().stream().map(c -> c.requirement().toLine()).toList());
        assertEquals(2, a.duplicates().size(), a.duplicates().toString());
        assertTrue(a.effectiveIn("constraints.effective.in").contains("-c constraints.effective.in\n"));
        // Comments and spacing are not inputs; versions are.
        write("requirements.in", "# a comment", "pytz >= 2020   # why");
        assertEquals(a.digest(), new RequirementsNormaliser().normalise(inputs(), PY311).digest());
        write("requirements-constraints.in", "urllib3<2.1");
        assertNotEquals(a.digest(), new RequirementsNormaliser().normalise(inputs(), PY311).digest());
    }

    @Test
    void badLinesNameFileAndLine() throws IOException {
        write("requirements.in", "ok==1", "--index-url https://example.com/simple");
        OdooImageException e = assertThrows(OdooImageException.class,
                () -> new RequirementsNormaliser().normalise(inputs(), PY311));
        assertTrue(e.getMessage().startsWith("requirements.in:2: pip option"), e.getMessage());
        write("requirements.in", "foo @ https://example.com/foo.whl");
        e = assertThrows(OdooImageException.class, () -> new RequirementsNormaliser().normalise(inputs(), PY311));
        assertTrue(e.getMessage().startsWith("requirements.in:1: direct URL"), e.getMessage());
        write("requirements.in", "foo ; python_versoin > '3'");
        e = assertThrows(OdooImageException.class, () -> new RequirementsNormaliser().normalise(inputs(), PY311));
        assertTrue(e.getMessage().contains("requirements.in:1"), e.getMessage());
        write("requirements.in");
        write("requirements-overrides.in", "a -> ");
        e = assertThrows(OdooImageException.class, () -> new RequirementsNormaliser().normalise(inputs(), PY311));
        assertTrue(e.getMessage().startsWith("requirements-overrides.in:1:"), e.getMessage());
    }

    @Test
    void manylinuxTagsLikePackaging() {
        List<String> tags = PY311.platformTags();
        assertEquals("manylinux_2_36_x86_64", tags.get(0));
        assertTrue(tags.indexOf("manylinux2014_x86_64") == tags.indexOf("manylinux_2_17_x86_64") + 1);
        assertEquals("manylinux1_x86_64", tags.get(tags.size() - 1));
        assertTrue(tags.stream().noneMatch(t -> t.startsWith("linux_")));
        List<String> arm = new PythonTarget("3.12", "/usr/local/bin/python3.12", "aarch64", "2.31").platformTags();
        assertEquals("manylinux2014_aarch64", arm.get(arm.size() - 1));
        assertThrows(OdooImageException.class, () -> new PythonTarget("3.11", "python3", "x86_64", "2.36"));
    }
}
