package dev.odooimage.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import dev.odooimage.addons.AddonsPathService;
import dev.odooimage.addons.AddonsPathStamp;
import dev.odooimage.addons.Diagnostics;
import dev.odooimage.addons.Inventory;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * Generates the image's addons_path from repos.lock.yaml and the materialised source tree
 * ({@code target/odoo/addons_path}, one comma-separated line of image paths) and the addon
 * inventory ({@code target/odoo/addons.json}). Fails on duplicate addons, missing
 * dependencies, malformed manifests and, when configured, on licence or version problems.
 * In a build where {@code odoo:aggregate} checked src/, an unchanged input set (src.json, options,
 * Python inputs, plugin) keeps the outputs and repeats the recorded messages
 * ({@link AddonsPathStamp}).
 */
@Mojo(name = "addons-path", defaultPhase = LifecyclePhase.PROCESS_SOURCES, requiresProject = true, threadSafe = true)
public class AddonsPathMojo extends AbstractAddonsMojo {

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    @Parameter(defaultValue = "${plugin}", readonly = true)
    private PluginDescriptor plugin;

    @Override
    protected void run() {
        long start = System.nanoTime();
        Diagnostics diag = new Diagnostics();
        Path work = workDirectory.toPath();
        Summary done;
        try {
            done = underWorkLock(() -> {
                AddonsPathService.Options options = options();
                // The stamp stands for src/ only when odoo:aggregate checked src/ against src.json in
                // this build (a hand edit since then would otherwise be missed).
                Path srcJson = work.resolve("src.json");
                Object verified = project == null ? null : project.getContextValue(AggregateMojo.VERIFIED_SRC_JSON);
                boolean trusted = verified != null && Files.isRegularFile(srcJson)
                        && verified.equals(Digests.sha256Hex(srcJson));
                String key = trusted ? AddonsPathStamp.key(options, srcJson, pluginIdentity()) : null;
                if (trusted) {
                    Optional<AddonsPathStamp.Replay> replay = AddonsPathStamp.upToDate(work, key);
                    if (replay.isPresent()) {
                        AddonsPathStamp.Replay r = replay.get();
                        r.infos().forEach(diag::info);
                        r.warnings().forEach(diag::warn);
                        return new Summary(r.roots(), r.addons(), true);
                    }
                }
                AddonsPathStamp.invalidate(work);
                Inventory inv = AddonsPathService.generate(options, work, diag);
                if (trusted) {
                    AddonsPathStamp.record(work, key, diag, inv, imageSourceRoot);
                }
                return new Summary(inv.roots().stream().map(r -> r.imagePath(imageSourceRoot)).toList(),
                        inv.addons().size(), false);
            });
        } catch (OdooImageException e) {
            log(diag);
            throw e;
        }
        log(diag);
        getLog().info("addons_path (" + done.roots().size() + " entries, " + done.addons() + " addons, "
                + (done.upToDate() ? "up to date, " : "") + (System.nanoTime() - start) / 1_000_000 + " ms) -> "
                + new File(workDirectory, AddonsPathService.ADDONS_PATH_FILE));
        done.roots().forEach(r -> getLog().info("  " + r));
    }

    private record Summary(List<String> roots, int addons, boolean upToDate) {
    }

    /** This plugin's version and jar: another build of the plugin may write other outputs. */
    private String pluginIdentity() {
        if (plugin == null) {
            return "unknown";
        }
        File jar = plugin.getPluginArtifact() == null ? null : plugin.getPluginArtifact().getFile();
        return plugin.getVersion() + " " + (jar == null ? "" : jar.length() + " " + jar.lastModified());
    }
}
