package dev.odooimage.maven;

import java.io.File;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

import dev.odooimage.addons.AddonsPathService;
import dev.odooimage.addons.Diagnostics;
import dev.odooimage.addons.Inventory;
import dev.odooimage.util.OdooImageException;

/**
 * Generates the image's addons_path from repos.lock.yaml and the materialised source tree
 * ({@code target/odoo/addons_path}, one comma-separated line of image paths) and the addon
 * inventory ({@code target/odoo/addons.json}). Fails on duplicate addons, missing
 * dependencies, malformed manifests and, when configured, on licence or version problems.
 */
@Mojo(name = "addons-path", defaultPhase = LifecyclePhase.PROCESS_SOURCES, requiresProject = true, threadSafe = true)
public class AddonsPathMojo extends AbstractAddonsMojo {

    @Override
    protected void run() {
        long start = System.nanoTime();
        Diagnostics diag = new Diagnostics();
        Inventory inv;
        try {
            inv = underWorkLock(() -> AddonsPathService.generate(options(), workDirectory.toPath(), diag));
        } catch (OdooImageException e) {
            log(diag);
            throw e;
        }
        log(diag);
        getLog().info("addons_path (" + inv.roots().size() + " entries, " + inv.addons().size() + " addons, " + (System.nanoTime() - start) / 1_000_000 + " ms) -> "
                + new File(workDirectory, AddonsPathService.ADDONS_PATH_FILE));
        inv.roots().forEach(r -> getLog().info("  " + r.imagePath(imageSourceRoot)));
    }
}
