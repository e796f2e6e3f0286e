package dev.odooimage.addons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
    private static final Path FIXTURES = Path.of("src/test/resources/manifests");

    @Test
    void aMissingCommaInDependsIsNamedNotReportedAsAMissingAddon() {
        ManifestSyntaxException e = assertThrows(ManifestSyntaxException.class, () -> ManifestReader.fromText(
                "{'name': 'x',\n 'depends': ['base' 'web']}", "x/__manifest__.py", false));
        assertEquals("x/__manifest__.py:2:14: depends entry 'baseweb' is the strings ['base', 'web'] written side by"
                + " side, which Python joins into one: a comma is missing between them", e.getMessage());
    }

    @Test
    void ocaManifest() {
        Manifest m = ManifestReader.read(FIXTURES.resolve("oca_17.py"), "oca_17.py");
        assertEquals("Sale Order Type", m.title());
        assertEquals("17.0.1.2.0", m.version());
        assertEquals("AGPL-3", m.license());
        assertTrue(m.licenseDeclared());
        assertEquals(List.of("sale_stock", "account", "sale_management"), m.depends());
        assertEquals(List.of("openupgradelib", "python-dateutil>=2.8"), m.pythonDependencies());
        assertTrue(m.installable());
        assertFalse(m.autoInstall());
        assertNull(m.autoInstallTriggers());
        assertFalse(m.legacyFile());
    }

    @Test
    void odooCoreManifestWithAssetsTuples() {
        Manifest m = ManifestReader.read(FIXTURES.resolve("odoo_core_17.py"), "odoo_core_17.py");
        assertEquals("Invoicing", m.title());
        assertEquals("1.2", m.version());
        assertEquals(List.of("base_setup", "onboarding", "product", "analytic", "portal", "digest"), m.depends());
        assertEquals("LGPL-3", m.license());
        assertEquals(Map.of(), m.externalDependencies());
    }

    @Test
    void oldOpenErpManifest() {
        Manifest m = ManifestReader.read(FIXTURES.resolve("openerp_8.py"), "openerp_8.py");
        assertEquals("8.0.2.2.0", m.version());
        assertFalse(m.installable());
        assertEquals(List.of("base"), m.depends());
        assertEquals("LGPL-3", m.license(), "Odoo's default licence");
        assertFalse(m.licenseDeclared());
    }

    @Test
    void tupleDependsAndAutoInstallList() {
        Manifest m = ManifestReader.read(FIXTURES.resolve("enterprise_like.py"), "enterprise_like.py");
        assertEquals(List.of("account_reports", "sale"), m.depends());
        assertTrue(m.autoInstall());
        assertEquals(List.of("account_reports", "sale"), m.autoInstallTriggers());
        assertEquals("OEEL-1", m.license());
    }

    @Test
    void nonAsciiCrlfAndTabs() {
        Manifest m = ManifestReader.read(FIXTURES.resolve("non_ascii_crlf.py"), "non_ascii_crlf.py");
        assertEquals("Localizaci\u00f3n Espa\u00f1ola \u2013 Nuevo Plan \u4e2d\u6587", m.title());
        assertEquals(List.of("account", "base_vat"), m.depends());
        assertTrue(m.autoInstall());
        assertEquals("17.0.5.3", m.version());
    }

    @Test
    void wrongTypesPointAtTheKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("__manifest__.py");
        Files.writeString(f, "{\n    'name': 'X',\n    'depends': 'base',\n}\n");
        ManifestSyntaxException e = assertThrows(ManifestSyntaxException.class, () -> ManifestReader.read(f, "x/__manifest__.py"));
        assertEquals("x/__manifest__.py:3:5: 'depends' must be a list of addon names, e.g. 'depends': ['base']",
                e.getMessage());

        Files.writeString(f, "{'version': 17.0}");
        assertTrue(assertThrows(ManifestSyntaxException.class, () -> ManifestReader.read(f, "m"))
                .getMessage().startsWith("m:1:2: 'version' must be a string"));
        Files.writeString(f, "{'installable': 'yes'}");
        assertTrue(assertThrows(ManifestSyntaxException.class, () -> ManifestReader.read(f, "m"))
                .getMessage().contains("'installable' must be True or False"));
        Files.writeString(f, "{'external_dependencies': {'python': 'requests'}}");
        assertTrue(assertThrows(ManifestSyntaxException.class, () -> ManifestReader.read(f, "m"))
                .getMessage().contains("'external_dependencies' must map"));
        Files.writeString(f, "['not', 'a', 'dict']");
        assertEquals("m:1:1: a manifest must be one dict literal { ... }",
                assertThrows(ManifestSyntaxException.class, () -> ManifestReader.read(f, "m")).getMessage());
    }

    @Test
    void invalidUtf8IsNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("__openerp__.py");
        Files.write(f, new byte[] {'{', '\'', 'n', '\'', ':', '\'', (byte) 0xe9, '\'', '}'});
        ManifestSyntaxException e = assertThrows(ManifestSyntaxException.class, () -> ManifestReader.read(f, "a/__openerp__.py"));
        assertTrue(e.getMessage().startsWith("a/__openerp__.py:1:1: not valid UTF-8"), e.getMessage());
        Files.writeString(f, "{'name': 'Old'}");
        assertTrue(ManifestReader.read(f, "a/__openerp__.py").legacyFile());
    }
}
