package dev.odooimage.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.addons.AddonsPathService;
import dev.odooimage.addons.Diagnostics;
import dev.odooimage.addons.Inventory;
import dev.odooimage.addons.InventoryReport;
import dev.odooimage.util.OdooImageException;

/**
 * Prints the addons of the materialised sources as a table (name, version, licence,
 * repository), or with {@code -Dodoo.addons.tree=NAME} the dependency tree of one addon.
 * Needs {@code mvn generate-sources} (odoo:aggregate) first; writes nothing.
 */
@Mojo(name = "addons", requiresProject = true, threadSafe = true)
public class AddonsMojo extends AbstractAddonsMojo {

    /** Print the dependency tree of this addon instead of the table. */
    @Parameter(property = "odoo.addons.tree")
    private String tree;

    @Override
    protected void run() {
        Diagnostics diag = new Diagnostics();
        Inventory inv;
        try {
            inv = underWorkLock(() -> AddonsPathService.inventory(options(), diag));
        } catch (OdooImageException e) {
            log(diag);
            throw e;
        }
        diag.warnings().forEach(getLog()::warn);
        var lines = tree == null || tree.isBlank() ? InventoryReport.table(inv) : InventoryReport.tree(inv, tree.trim());
        lines.forEach(getLog()::info);
    }
}
