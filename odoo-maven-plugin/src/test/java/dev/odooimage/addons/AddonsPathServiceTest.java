package dev.odooimage.addons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.util.OdooImageException;

class AddonsPathServiceTest {
    @TempDir
    Path project;

    private Path work() {
        return project.resolve("target/odoo");
    }

    private SourceTree tree() {
        return new SourceTree(work().resolve("src"));
    }

    private AddonsPathService.Options options(List<String> aggregates, String series, boolean strict, LicensePolicy p) {
        return AddonsPathService.Options.builder().srcDir(work().resolve("src")).aggregates(aggregates).series(series)
                .strictVersions(strict).licensePolicy(p)
                .pythonInputs(List.of(project.resolve("requirements.in"), project.resolve("requirements.lock.txt")))
                .displayBase(project).build();
    }

    private Inventory generate(List<String> aggregates, Diagnostics d) {
        return AddonsPathService.generate(options(aggregates, null, false, LicensePolicy.REPORT), work(), d);
    }

    private OdooImageException fails(AddonsPathService.Options o) {
        return assertThrows(OdooImageException.class, () -> AddonsPathService.generate(o, work(), new Diagnostics()));
    }

    @Test
    void writesAddonsPathAndInventory() throws Exception {
        tree().odoo("odoo", "17.0", "web", "sale")
                .addon("oca/web/web_responsive", "{'name': 'Web Responsive', 'version': '17.0.1.1.0',"
                        + " 'license': 'LGPL-3', 'depends': ['web'], 'installable': True,"
                        + " 'external_dependencies': {'python': ['requests']}}")
                .addon("customer/my_sale", "{'version': '1.0', 'depends': ['sale', 'web_responsive'],"
                        + " 'auto_install': ['sale'], 'license': 'AGPL-3'}")
                .file("odoo/requirements.txt", "requests==2.31.0 ; python_version > '3.10'\n");
        Diagnostics d = new Diagnostics();
        generate(List.of("./odoo", "./oca/web", "./customer"), d);

        assertEquals("/opt/odoo/src/odoo/odoo/addons,/opt/odoo/src/odoo/addons,/opt/odoo/src/oca/web,/opt/odoo/src/customer\n",
                Files.readString(work().resolve("addons_path")));
        JsonNode json = new ObjectMapper().readTree(work().resolve("addons.json").toFile());
        assertEquals("17.0", json.get("series").asText(), "read from odoo/release.py");
        List<String> names = json.get("addons").findValuesAsText("name");
        assertEquals(List.of("base", "my_sale", "sale", "web", "web_responsive"), names);
        JsonNode wr = json.get("addons").get(4);
        assertEquals("/opt/odoo/src/oca/web/web_responsive", wr.get("path").asText());
        assertEquals("oca/web", wr.get("repository").asText());
        assertEquals("17.0.1.1.0", wr.get("version").asText());
        assertEquals("LGPL-3", wr.get("license").asText());
        assertEquals("[\"web\"]", wr.get("depends").toString());
        assertFalse(wr.get("auto_install").asBoolean());
        assertTrue(wr.get("installable").asBoolean());
        assertEquals("{\"python\":[\"requests\"]}", wr.get("external_dependencies").toString());
        assertEquals("[\"sale\"]", json.get("addons").get(1).get("auto_install").toString());
        assertEquals("odoo", json.get("addons").get(0).get("repository").asText());
        assertEquals(List.of(), d.warnings(), "requests is in odoo/requirements.txt");
        assertTrue(d.infos().contains("licences: AGPL-3 (1), LGPL-3 (4)"), d.infos().toString());
    }

    @Test
    void aNoOpRunLeavesTheOutputsAloneAChangeRewritesWhatMoved() throws Exception {
        tree().odoo("odoo", "17.0", "web", "sale")
                .addon("customer/my_sale", "{'version': '1.0', 'depends': ['sale'], 'license': 'AGPL-3'}");
        List<String> aggregates = List.of("./odoo", "./customer");
        generate(aggregates, new Diagnostics());
        Object path = fileKey("addons_path");
        Object json = fileKey("addons.json");
        Object digests = fileKey("addons.digests");

        generate(aggregates, new Diagnostics());
        assertEquals(List.of(path, json, digests),
                List.of(fileKey("addons_path"), fileKey("addons.json"), fileKey("addons.digests")),
                "same bytes: the files are not replaced (a replacement is a new inode)");

        tree().addon("customer/my_stock", "{'version': '1.0', 'depends': ['sale'], 'license': 'AGPL-3'}");
        generate(aggregates, new Diagnostics());
        assertEquals(path, fileKey("addons_path"), "same roots, same addons_path");
        assertNotEquals(json, fileKey("addons.json"));
        assertNotEquals(digests, fileKey("addons.digests"));
        assertTrue(Files.readString(work().resolve("addons.json")).contains("my_stock"));
        assertTrue(Files.readString(work().resolve("addons.digests")).contains("my_stock "));
    }

    private Object fileKey(String name) throws java.io.IOException {
        return Files.readAttributes(work().resolve(name), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    @Test
    void addonDigestsChangeExactlyWithTheAddonsTree() throws Exception {
        tree().odoo("odoo", "17.0", "web", "sale")
                .addon("customer/my_sale", "{'version': '1.0', 'depends': ['sale'], 'license': 'AGPL-3'}");
        List<String> aggregates = List.of("./odoo", "./customer");
        generate(aggregates, new Diagnostics());
        List<String> first = Files.readAllLines(work().resolve("addons.digests"));
        assertEquals("# odoo-image addon digests, format 1: <technical name> <tree digest>", first.get(0));
        assertEquals(List.of("base", "my_sale", "sale", "web"),
                first.subList(1, first.size()).stream().map(l -> l.split(" ")[0]).toList(), "sorted by name");
        assertTrue(first.stream().skip(1).allMatch(l -> l.matches("[a-z_]+ sha256:[0-9a-f]{64}")), first.toString());

        // Same tree, new times: same digests (reproducible).
        Files.setLastModifiedTime(work().resolve("src/customer/my_sale/__manifest__.py"),
                java.nio.file.attribute.FileTime.fromMillis(0));
        generate(aggregates, new Diagnostics());
        assertEquals(first, Files.readAllLines(work().resolve("addons.digests")));

        // One file of one addon changes: only that addon's digest moves.
        SourceTree.write(work().resolve("src/customer/my_sale/models.py"), "# new code\n");
        generate(aggregates, new Diagnostics());
        List<String> second = Files.readAllLines(work().resolve("addons.digests"));
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).startsWith("my_sale "), !first.get(i).equals(second.get(i)), second.get(i));
        }
    }

    @Test
    void duplicatesFailNamingBothPathsAndRemoveOldOutputs() throws Exception {
        tree().odoo("odoo", "17.0", "web").addon("oca/web/web_responsive", "{}").addon("customer/web_responsive", "{}");
        SourceTree.write(work().resolve("addons_path"), "/stale\n");
        SourceTree.write(work().resolve("addons.digests"), "stale sha256:00\n");
        OdooImageException e = fails(options(List.of("odoo", "oca/web", "customer"), null, false, LicensePolicy.REPORT));
        assertTrue(e.getMessage().startsWith("duplicate addon 'web_responsive' on addons_path:\n"
                + "  /opt/odoo/src/oca/web/web_responsive  (repository ./oca/web)\n"
                + "  /opt/odoo/src/customer/web_responsive  (repository ./customer)\n"), e.getMessage());
        assertTrue(e.getMessage().contains("git composition"));
        assertFalse(Files.exists(work().resolve("addons_path")), "no stale addons_path after a failure");
        assertFalse(Files.exists(work().resolve("addons.json")));
        assertFalse(Files.exists(work().resolve("addons.digests")));
    }

    @Test
    void duplicateOfAnOdooAddonFailsToo() {
        tree().odoo("odoo", "17.0", "sale").addon("customer/sale", "{}");
        OdooImageException e = fails(options(List.of("odoo", "customer"), null, false, LicensePolicy.REPORT));
        assertTrue(e.getMessage().contains("/opt/odoo/src/odoo/addons/sale  (repository ./odoo)"), e.getMessage());
        assertTrue(e.getMessage().contains("/opt/odoo/src/customer/sale  (repository ./customer)"), e.getMessage());
    }

    @Test
    void missingDependencyPrintsTheChain() {
        tree().odoo("odoo", "17.0", "sale")
                .addon("customer/z_top", "17.0.1.0.0", "LGPL-3", List.of("sale", "a_mid"))
                .addon("customer/a_mid", "17.0.1.0.0", "LGPL-3", List.of("b_low"))
                .addon("customer/b_low", "17.0.1.0.0", "LGPL-3", List.of("queue_job"))
                .addon("customer/old_stuff", "{'installable': False, 'depends': ['nowhere']}");
        OdooImageException e = fails(options(List.of("odoo", "customer"), "17.0", false, LicensePolicy.REPORT));
        assertEquals("missing dependency 'queue_job': it is on no addons_path entry, but installable addons depend on it:\n"
                + "  z_top -> a_mid -> b_low -> queue_job   (b_low is in ./customer)\n"
                + "Add the repository that provides 'queue_job' to repos.yaml and run 'mvn odoo:lock', or drop the"
                + " addons that need it.", e.getMessage(), "uninstallable old_stuff is not checked");
    }

    @Test
    void aDependencyThatIsThereWithoutInitPySaysSo() throws Exception {
        tree().odoo("odoo", "17.0", "sale")
                .addon("customer/z_top", "17.0.1.0.0", "LGPL-3", List.of("helper"))
                .addon("customer/helper", "17.0.1.0.0", "LGPL-3", List.of("sale"));
        Files.delete(work().resolve("src/customer/helper/__init__.py"));
        OdooImageException e = fails(options(List.of("odoo", "customer"), "17.0", false, LicensePolicy.REPORT));
        assertTrue(e.getMessage().endsWith("'helper' is at ./customer/helper but has no __init__.py, so Odoo ignores"
                + " it: add helper/__init__.py to its repository (and lock the new commit)."), e.getMessage());
        assertFalse(e.getMessage().contains("Add the repository"), e.getMessage());
    }

    @Test
    void dependencyCyclesFailNamingTheCycle() {
        tree().odoo("odoo", "17.0", "sale")
                .addon("customer/c_three", "17.0.1.0.0", "LGPL-3", List.of("a_one"))
                .addon("customer/a_one", "17.0.1.0.0", "LGPL-3", List.of("sale", "b_two"))
                .addon("customer/b_two", "17.0.1.0.0", "LGPL-3", List.of("c_three"))
                .addon("customer/selfish", "17.0.1.0.0", "LGPL-3", List.of("selfish"));
        OdooImageException e = fails(options(List.of("odoo", "customer"), "17.0", false, LicensePolicy.REPORT));
        assertEquals("the addons on addons_path would fail in production (2 problems):\n"
                + "  - dependency cycle: a_one -> b_two -> c_three -> a_one   (a_one in ./customer, b_two in ./customer,"
                + " c_three in ./customer)\n    Odoo never loads addons that depend on each other in a circle. Remove"
                + " one of these 'depends' (usually the one added last).\n"
                + "  - dependency cycle: selfish -> selfish   (selfish in ./customer)\n    Odoo never loads addons that"
                + " depend on each other in a circle. Remove one of these 'depends' (usually the one added last).",
                e.getMessage());
    }

    @Test
    void autoInstallTriggersMustBeDependencies() {
        tree().odoo("odoo", "17.0", "sale", "stock")
                .addon("customer/bridge", "{'depends': ['sale'], 'auto_install': ['sale', 'stock']}");
        OdooImageException e = fails(options(List.of("odoo", "customer"), "17.0", false, LicensePolicy.REPORT));
        assertEquals("addon 'bridge' (./customer): auto_install triggers [stock] are not in its depends; Odoo refuses"
                + " to load such a manifest. Add them to 'depends' or remove them from 'auto_install'", e.getMessage());
    }

    @Test
    void licencePolicy() {
        tree().odoo("odoo", "17.0", "account")
                .addon("enterprise/account_accountant", "17.0.1.1", "OEEL-1", List.of("account"))
                .addon("vendor/fancy_theme", "17.0.1.0.0", "OPL-1", List.of("base"));
        List<String> aggs = List.of("odoo", "enterprise", "vendor");
        OdooImageException e = fails(options(aggs, "17.0", false, LicensePolicy.COMMUNITY_ONLY));
        assertTrue(e.getMessage().startsWith("licence policy community-only: 2 addon(s) carry an Odoo proprietary licence:"
                + " account_accountant (OEEL-1, ./enterprise), fancy_theme (OPL-1, ./vendor)."), e.getMessage());

        Diagnostics d = new Diagnostics();
        AddonsPathService.generate(options(aggs, "17.0", false, LicensePolicy.REPORT), work(), d);
        assertTrue(d.infos().contains("licences: LGPL-3 (2), OEEL-1 (1), OPL-1 (1)"), d.infos().toString());
        assertTrue(d.infos().contains("addons under an Odoo proprietary licence: account_accountant (OEEL-1,"
                + " ./enterprise), fancy_theme (OPL-1, ./vendor)"), d.infos().toString());
        assertEquals("report", LicensePolicy.parse(" Report ").id());
        assertTrue(assertThrows(OdooImageException.class, () -> LicensePolicy.parse("strict")).getMessage()
                .contains("'community-only'"));
    }

    @Test
    void versionSeriesMismatchWarnsOrFailsWhenStrict() {
        tree().odoo("odoo", "17.0")
                .addon("oca/x/ok_long", "17.0.1.0.0", "LGPL-3", List.of("base"))
                .addon("oca/x/ok_short", "1.0.2", "LGPL-3", List.of("base"))
                .addon("oca/x/ok_series", "{'version': '17.0', 'depends': ['base']}")
                .addon("oca/x/old_port", "16.0.1.0.0", "LGPL-3", List.of("base"))
                .addon("oca/x/not_migrated", "{'version': '15.0.1.0.0', 'installable': False}");
        List<String> aggs = List.of("odoo", "oca/x");
        Diagnostics d = new Diagnostics();
        AddonsPathService.generate(options(aggs, "17.0", false, LicensePolicy.REPORT), work(), d);
        assertEquals(1, d.warnings().size(), d.warnings().toString());
        assertTrue(d.warnings().get(0).startsWith("addon 'old_port' (./oca/x) has version '16.0.1.0.0', a 16.0 version"
                + " in a 17.0 image"), d.warnings().get(0));

        OdooImageException e = fails(options(aggs, "17.0", true, LicensePolicy.REPORT));
        assertTrue(e.getMessage().startsWith("addon 'old_port' (./oca/x) has version '16.0.1.0.0'"), e.getMessage());
        assertFalse(e.getMessage().contains("-Dodoo.addons.strictVersions"));
    }

    @Test
    void pythonExternalDependenciesMissingFromInputsWarn() {
        tree().odoo("odoo", "17.0")
                .file("odoo/requirements.txt", "Babel==2.9.1\nrequests==2.31.0\n")
                .addon("oca/x/needs_things", "{'external_dependencies': {'python': ['xlrd', 'dateutil', 'Requests',"
                        + " 'PyYAML>=6', 'zeep'], 'bin': ['wkhtmltopdf']}}")
                .addon("oca/x/dormant", "{'installable': False, 'external_dependencies': {'python': ['nothere']}}");
        SourceTree.write(project.resolve("requirements.in"), "# extras\npython-dateutil==2.8.2  # for dates\n"
                + "-c requirements-constraints.in\npyyaml \\\n  ==6.0.1\n");
        SourceTree.write(project.resolve("requirements.lock.txt"), "zeep==4.2.1 \\\n    --hash=sha256:abc\n");
        Diagnostics d = new Diagnostics();
        generate(List.of("odoo", "oca/x"), d);
        assertEquals(List.of("Python package 'xlrd' (external_dependencies of needs_things (./oca/x)) is in none of"
                + " requirements.in, requirements.lock.txt, odoo/requirements.txt; add it to requirements.in or the"
                + " addon will fail to install"), d.warnings());
    }

    @Test
    void malformedManifestNamesFileAndLine() {
        tree().odoo("odoo", "17.0").addon("oca/x/broken", "{\n    'name': 'Broken'\n    'depends': ['base'],\n}\n")
                .addon("oca/x/also_broken", "{'depends': ['base'] + ['web']}");
        OdooImageException e = fails(options(List.of("odoo", "oca/x"), "17.0", false, LicensePolicy.REPORT));
        String m = e.getMessage();
        assertTrue(m.startsWith("cannot build the addons path (2 problems):"), m);
        assertTrue(m.contains("target/odoo/src/oca/x/also_broken/__manifest__.py:1:22: expected ',' or '}'"), m);
        assertTrue(m.contains("target/odoo/src/oca/x/broken/__manifest__.py:3:14: expected ',' or '}'"), m);
    }

    @Test
    void legacyManifestAcceptedWithWarningAndManifestWithoutInitIgnored() {
        tree().odoo("odoo", "17.0").file("oca/x/old_mod/__init__.py", "")
                .file("oca/x/old_mod/__openerp__.py", "{'depends': ['base']}")
                .file("oca/x/no_init/__manifest__.py", "{}");
        Diagnostics d = new Diagnostics();
        Inventory inv = generate(List.of("odoo", "oca/x"), d);
        assertTrue(inv.addon("old_mod").isPresent());
        assertFalse(inv.addon("no_init").isPresent());
        assertTrue(d.warnings().contains("target/odoo/src/oca/x/old_mod/__openerp__.py: old manifest name __openerp__.py"
                + " (Odoo <= 9); rename it to __manifest__.py"), d.warnings().toString());
        assertTrue(d.warnings().contains("target/odoo/src/oca/x/no_init/__manifest__.py: has a manifest but no __init__.py;"
                + " Odoo ignores this folder"), d.warnings().toString());
    }

    @Test
    void addonLinkLeavingTheSourceTreeFails() throws Exception {
        tree().odoo("odoo", "17.0").addon("oca/x/fine", "{}");
        Path outside = project.resolve("elsewhere/evil");
        SourceTree.write(outside.resolve("__init__.py"), "");
        SourceTree.write(outside.resolve("__manifest__.py"), "{}");
        Files.createSymbolicLink(work().resolve("src/oca/x/evil"), outside);
        OdooImageException e = fails(options(List.of("odoo", "oca/x"), "17.0", false, LicensePolicy.REPORT));
        assertTrue(e.getMessage().startsWith("oca/x/evil is a link to " + outside.toRealPath() + ", outside the source tree"),
                e.getMessage());
    }

    @Test
    void seriesFromReleasePyInBothStyles() throws Exception {
        tree().odoo("odoo", "16.0");
        Diagnostics d = new Diagnostics();
        generate(List.of("odoo"), d);
        assertEquals("16.0", new ObjectMapper().readTree(work().resolve("addons.json").toFile()).get("series").asText());
        // Odoo's release.py derives version_info elsewhere; the serie line is enough.
        SourceTree.write(work().resolve("src/odoo/odoo/release.py"),
                "version_info = tuple(int(p) for p in serie.split('.'))\nserie = major_version = '15.0'\n");
        generate(List.of("odoo"), d);
        assertEquals("15.0", new ObjectMapper().readTree(work().resolve("addons.json").toFile()).get("series").asText());
        Files.delete(work().resolve("src/odoo/odoo/release.py"));
        Diagnostics none = new Diagnostics();
        generate(List.of("odoo"), none);
        assertTrue(new ObjectMapper().readTree(work().resolve("addons.json").toFile()).get("series").isNull());
        assertTrue(none.warnings().contains("Odoo series unknown (no odoo.series and no odoo/release.py);"
                + " addon versions not checked"), none.warnings().toString());
    }

    @Test
    void noSourcesAtAll() {
        OdooImageException e = fails(options(List.of("odoo"), "17.0", false, LicensePolicy.REPORT));
        assertTrue(e.getMessage().startsWith("no materialised sources at "), e.getMessage());
    }
}
