package dev.odooimage.addons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

class InventoryReportTest {
    @TempDir
    Path tmp;

    private Inventory inventory() {
        SourceTree t = new SourceTree(tmp.resolve("src")).odoo("odoo", "17.0", "web", "mail")
                .addon("oca/social/mail_tracking", "17.0.1.0.3", "AGPL-3", List.of("mail", "web"))
                .addon("customer/my_crm", "17.0.2.0.0", "LGPL-3", List.of("mail_tracking", "web", "ghost"))
                .addon("customer/legacy", "{'installable': False}");
        return AddonsPathService.inventory(AddonsPathService.Options.builder().srcDir(t.src)
                .aggregates(List.of("odoo", "oca/social", "customer")).series("17.0").build(), new Diagnostics());
    }

    @Test
    void tableListsEveryAddonSortedWithRepository() {
        assertEquals(List.of(
                "NAME                      VERSION     LICENCE  REPOSITORY",
                "base                      1.3         LGPL-3   odoo",
                "legacy (not installable)  -           LGPL-3   customer",
                "mail                      -           LGPL-3   odoo",
                "mail_tracking             17.0.1.0.3  AGPL-3   oca/social",
                "my_crm                    17.0.2.0.0  LGPL-3   customer",
                "web                       -           LGPL-3   odoo",
                "6 addons in 4 addons_path entries"), InventoryReport.table(inventory()));
    }

    @Test
    void treeShowsRepeatsAndMissingAddons() {
        assertEquals(List.of(
                "my_crm 17.0.2.0.0 [LGPL-3, ./customer]",
                "+- mail_tracking 17.0.1.0.3 [AGPL-3, ./oca/social]",
                "|  +- mail - [LGPL-3, ./odoo]",
                "|  |  \\- base 1.3 [LGPL-3, ./odoo]",
                "|  \\- web - [LGPL-3, ./odoo]",
                "|     \\- base (*)",
                "+- web (*)",
                "\\- ghost (MISSING)"), InventoryReport.tree(inventory(), "my_crm"));
    }

    @Test
    void treeMarksACycleAsSuch() {
        SourceTree t = new SourceTree(tmp.resolve("src")).odoo("odoo", "17.0", "web")
                .addon("customer/a_one", "17.0.1.0.0", "LGPL-3", List.of("b_two", "web"))
                .addon("customer/b_two", "17.0.1.0.0", "LGPL-3", List.of("a_one", "b_two"));
        Inventory inv = AddonsPathService.inventory(AddonsPathService.Options.builder().srcDir(t.src)
                .aggregates(List.of("odoo", "customer")).series("17.0").build(), new Diagnostics());
        assertEquals(List.of(
                "a_one 17.0.1.0.0 [LGPL-3, ./customer]",
                "+- b_two 17.0.1.0.0 [LGPL-3, ./customer]",
                "|  +- a_one (CYCLE: a_one -> b_two -> a_one)",
                "|  \\- b_two (CYCLE: b_two -> b_two)",
                "\\- web - [LGPL-3, ./odoo]",
                "   \\- base 1.3 [LGPL-3, ./odoo]"), InventoryReport.tree(inv, "a_one"));
    }

    @Test
    void treeOfUnknownAddon() {
        assertEquals("no addon 'nope' on addons_path; run 'mvn odoo:addons' without -Dodoo.addons.tree to list the addons",
                assertThrows(OdooImageException.class, () -> InventoryReport.tree(inventory(), "nope")).getMessage());
    }
}
