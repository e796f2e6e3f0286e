package dev.odooimage.enterprise;

import static dev.odooimage.enterprise.EnterpriseFixtures.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Odoo 16.0 Community core fixture (505 addons: base and web whole, the others as their
 * manifests) as the locked, aggregated Community checkout, and a bundle built the way Odoo's
 * source distribution is: every addon moved under {@code odoo/addons}, one Community copy drifted
 * (as l10n_jo_edi's did in the contract's story), Enterprise-only modules added.
 */
class EnterpriseCoreFixtureTest {
    static final String TOP = "odoo-16.0+e.20240301";
    static final List<String> ENTERPRISE = List.of("account_accountant", "sale_subscription", "web_studio");

    @TempDir
    Path tmp;

    @Test
    void realCommunityModulesAreCommunityAndOnlyEnterpriseModulesAreImported() throws Exception {
        Path core = EnterpriseFixtures.coreFixture(tmp.resolve("fixture"));
        EnterpriseFixtures.Project project = EnterpriseFixtures.project(tmp, core);
        Set<String> communityModules = new TreeSet<>();
        for (String root : List.of("odoo/addons", "addons")) {
            try (Stream<Path> s = Files.list(core.resolve(root))) {
                s.filter(p -> Files.isRegularFile(p.resolve("__manifest__.py")))
                        .forEach(p -> communityModules.add(p.getFileName().toString()));
            }
        }
        assertTrue(communityModules.size() > 500, "the fixture's addons: " + communityModules.size());

        EnterpriseFixtures.BundleSpec spec = new EnterpriseFixtures.BundleSpec()
                .tree(core.resolve("odoo"), TOP + "/odoo")
                .exec(TOP + "/odoo-bin", Files.readString(core.resolve("odoo-bin")))
                .file(TOP + "/setup.py", Files.readString(core.resolve("setup.py")))
                .tree(core.resolve("addons"), TOP + "/odoo/addons");
        String drifted = "l10n_eg_edi_eta";
        spec.file(TOP + "/odoo/addons/" + drifted + "/__manifest__.py",
                Files.readString(core.resolve("addons/" + drifted + "/__manifest__.py")).replace("'version'", "'version' "));
        spec.addon(TOP + "/odoo/addons/web_studio", manifest("Studio", "OEEL-1", "web"))
                .addon(TOP + "/odoo/addons/account_accountant", manifest("Accounting", "OEEL-1", "account"))
                .addon(TOP + "/odoo/addons/sale_subscription", manifest("Subscriptions", "OEEL-1", "sale"));
        Path bundle = spec.tarGz(tmp.resolve("odoo_16.0+e.20240301.tar.gz"));
        Path mirror = EnterpriseFixtures.bareMirror(tmp.resolve("mirror.git"));

        ImportResult r = project.importer(bundle, mirror.toString()).apply(true).call();

        assertEquals(List.of("odoo/addons"), r.bundle().roots());
        assertEquals(communityModules.size() + ENTERPRISE.size(), r.bundle().modules().size());
        assertEquals(Set.of(drifted), r.classification().drifted().keySet());
        assertEquals(List.of("__manifest__.py"), r.classification().drifted().get(drifted).changed());
        assertEquals(communityModules.size() - 1, r.classification().community().size());
        assertEquals(ENTERPRISE, r.classification().enterprise());
        assertEquals(ENTERPRISE.size() + 1, r.commits(), "one commit per Enterprise module plus the README block");
        try (Git g = Git.open(mirror.toFile())) {
            Set<String> top = new TreeSet<>();
            EnterpriseImportTest.files(g.getRepository(), EnterpriseFixtures.tip(mirror, "16.0"))
                    .forEach(p -> top.add(p.contains("/") ? p.substring(0, p.indexOf('/')) : p));
            Set<String> expected = new TreeSet<>(ENTERPRISE);
            expected.add("README.md");
            assertEquals(expected, top, "no Community module, no Odoo core file in the mirror");
        }
        assertEquals(0, project.importer(bundle, mirror.toString()).apply(true).call().commits());
    }
}
