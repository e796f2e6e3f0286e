package dev.odooimage.addons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.addons.AddonRoot.Kind;

class AddonRootFinderTest {
    @TempDir
    Path tmp;

    private List<String> paths(List<AddonRoot> roots) {
        return roots.stream().map(r -> r.imagePath("/opt/odoo/src")).toList();
    }

    @Test
    void odooExpandsToItsTwoRootsAndLockOrderIsKept() {
        SourceTree t = new SourceTree(tmp.resolve("src")).odoo("odoo", "17.0", "web", "sale")
                .addon("oca/server-ux/base_tier_validation", "{}").addon("custom/my_sale", "{}");
        Diagnostics d = new Diagnostics();
        // Deliberately neither alphabetical nor Odoo-first: the lock's order wins.
        List<AddonRoot> roots = new AddonRootFinder(t.src, 3).find(List.of("./oca/server-ux", "./odoo", "custom/"), d);
        assertEquals(List.of("/opt/odoo/src/oca/server-ux", "/opt/odoo/src/odoo/odoo/addons", "/opt/odoo/src/odoo/addons",
                "/opt/odoo/src/custom"), paths(roots));
        assertEquals(List.of(Kind.REPOSITORY, Kind.ODOO_CORE, Kind.ODOO_ADDONS, Kind.REPOSITORY),
                roots.stream().map(AddonRoot::kind).toList());
        assertEquals(List.of(), d.errors());
    }

    @Test
    void odooWithoutTopLevelAddonsGivesOnlyTheCoreRoot() {
        SourceTree t = new SourceTree(tmp.resolve("src")).odoo("odoo", "17.0");
        List<AddonRoot> roots = new AddonRootFinder(t.src, 3).find(List.of("odoo"), new Diagnostics());
        assertEquals(List.of("/opt/odoo/src/odoo/odoo/addons"), paths(roots));
    }

    @Test
    void nestedRootsAreFoundInNameOrderAndReported() {
        SourceTree t = new SourceTree(tmp.resolve("src"))
                .addon("vendor/src/more/zeta", "{}")
                .addon("vendor/addons/alpha", "{}")
                .addon("vendor/addons/beta", "{}")
                .addon("vendor/.github/hidden_addon", "{}")
                .addon("vendor/setup/alpha/odoo/addons/alpha", "{}")
                .addon("vendor/a/b/c/d/too_deep", "{}")
                .file("vendor/README.md", "# vendor\n");
        Diagnostics d = new Diagnostics();
        List<AddonRoot> roots = new AddonRootFinder(t.src, 3).find(List.of("vendor"), d);
        assertEquals(List.of("/opt/odoo/src/vendor/addons", "/opt/odoo/src/vendor/src/more"), paths(roots));
        assertTrue(roots.stream().allMatch(r -> r.kind() == Kind.NESTED));
        assertTrue(d.infos().contains("./vendor: nested addon root vendor/addons"), d.infos().toString());
        assertTrue(d.infos().contains("./vendor: nested addon root vendor/src/more"), d.infos().toString());

        // The depth is bounded: with one level only vendor/addons is found.
        assertEquals(List.of("/opt/odoo/src/vendor/addons"),
                paths(new AddonRootFinder(t.src, 1).find(List.of("vendor"), new Diagnostics())));
    }

    @Test
    void singleAddonRepositoriesAreExposedThroughTheirOwnFolder() {
        SourceTree t = new SourceTree(tmp.resolve("src")).odoo("odoo", "17.0")
                .addon("single/partner_firstname", "{}").addon("single/web_timeline", "{}");
        Diagnostics d = new Diagnostics();
        List<AddonRoot> roots = new AddonRootFinder(t.src, 3)
                .find(List.of("odoo", "single/web_timeline", "single/partner_firstname"), d);
        assertEquals(List.of("/opt/odoo/src/odoo/odoo/addons", "/opt/odoo/src/single"), paths(roots));
        assertEquals(Kind.SINGLE_ADDON_PARENT, roots.get(1).kind());
        assertEquals(List.of(), d.errors());
        assertTrue(d.infos().stream().anyMatch(i -> i.contains("single-addon repository") && i.contains("(nested)")));
        assertTrue(d.infos().contains("./single/partner_firstname: single-addon repository, already covered by addon root single"));
    }

    @Test
    void singleAddonRepositoryAtTheSourceRootFails() {
        SourceTree t = new SourceTree(tmp.resolve("src")).odoo("odoo", "17.0").addon("partner_firstname", "{}");
        Diagnostics d = new Diagnostics();
        new AddonRootFinder(t.src, 3).find(List.of("odoo", "partner_firstname"), d);
        assertEquals(1, d.errors().size());
        String e = d.errors().get(0);
        assertTrue(e.startsWith("repository ./partner_firstname is itself an addon"), e);
        assertTrue(e.contains("'./single-addons/partner_firstname:'"), e);
    }

    @Test
    void singleAddonParentMayNotExposeUnlockedAddons() {
        SourceTree t = new SourceTree(tmp.resolve("src")).addon("single/locked_one", "{}")
                .addon("single/stray_addon", "{}");
        Diagnostics d = new Diagnostics();
        new AddonRootFinder(t.src, 3).find(List.of("single/locked_one"), d);
        assertEquals(1, d.errors().size());
        assertTrue(d.errors().get(0).contains("also holds addon 'stray_addon' which is not a locked single-addon"
                + " repository"), d.errors().get(0));
    }

    @Test
    void repositoryWithoutAddonsIsKept() {
        SourceTree t = new SourceTree(tmp.resolve("src")).addon("oca/web/web_responsive", "{}")
                .file("customer/README.md", "first module coming soon\n").dir("customer/docs");
        Diagnostics d = new Diagnostics();
        List<AddonRoot> roots = new AddonRootFinder(t.src, 3).find(List.of("oca/web", "customer"), d);
        assertEquals(List.of("/opt/odoo/src/oca/web", "/opt/odoo/src/customer"), paths(roots));
        assertEquals(Kind.EMPTY, roots.get(1).kind());
        assertTrue(d.infos().contains("./customer: no addon yet; kept on addons_path as locked"));
    }

    @Test
    void nothingOutsideTheSourceTree() throws Exception {
        SourceTree t = new SourceTree(tmp.resolve("src")).addon("oca/web/web_responsive", "{}");
        Path outside = tmp.resolve("data_dir/addons/17.0");
        SourceTree.write(outside.resolve("evil/__init__.py"), "");
        SourceTree.write(outside.resolve("evil/__manifest__.py"), "{}");
        Files.createSymbolicLink(t.src.resolve("linked"), outside);
        Diagnostics d = new Diagnostics();
        List<AddonRoot> roots = new AddonRootFinder(t.src, 3).find(List.of("oca/web", "../data_dir", "/abs", "linked"), d);
        assertEquals(List.of("/opt/odoo/src/oca/web"), paths(roots));
        assertEquals(3, d.errors().size(), d.errors().toString());
        assertTrue(d.errors().get(0).startsWith("aggregate '../data_dir' in the lock is not a path inside the source tree"));
        assertTrue(d.errors().get(1).startsWith("aggregate '/abs' in the lock is not a path inside the source tree"));
        assertTrue(d.errors().get(2).startsWith("aggregate './linked' resolves to " + outside.toRealPath()), d.errors().get(2));
    }

    @Test
    void unmaterialisedAggregateFailsWithTheFix() {
        SourceTree t = new SourceTree(tmp.resolve("src"));
        Diagnostics d = new Diagnostics();
        new AddonRootFinder(t.src, 3).find(List.of("./oca/web"), d);
        assertEquals(1, d.errors().size());
        assertTrue(d.errors().get(0).startsWith("aggregate './oca/web' of the lock is not materialised at "));
        assertTrue(d.errors().get(0).endsWith("run 'mvn generate-sources' (odoo:aggregate) first"));
    }
}
