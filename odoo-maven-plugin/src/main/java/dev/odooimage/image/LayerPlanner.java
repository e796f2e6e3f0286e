package dev.odooimage.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.odooimage.contract.ImagePaths;
import dev.odooimage.util.OdooImageException;

/**
 * Plans the image layers from the pipeline's work directory ({@code target/odoo}), in
 * this order (least to most often changing):
 * <ol>
 * <li>runtime scripts and skeleton: {@code /usr/local/bin/odoo-*}, {@code /etc/odoo},
 * {@code /var/lib/odoo} (runtime user, 0750), {@code /run/odoo} (runtime user, 0700);</li>
 * <li>the venv {@code /opt/odoo/venv}, with its compiled {@code __pycache__} (when fresh, see
 * {@link BytecodeTrees}; {@code odoo:prepare-image} decides which mirrors are);</li>
 * <li>one layer per aggregate, in lock order: {@code /opt/odoo/src/<path>}, with its compiled
 * {@code __pycache__} (when fresh);</li>
 * <li>{@code /etc/odoo/addons_path} and {@code /etc/odoo/addons.digests} (both written by
 * {@code odoo:addons-path}; the digests are optional so that an older work directory still builds,
 * only {@code odoo-update --changed} then refuses).</li>
 * </ol>
 * Only these paths are read from the work directory (a whitelist): lock files,
 * requirement files, reports and caches never reach a layer. Code is owned by root and
 * read-only for the runtime user; only the data and runtime-config directories belong to
 * the runtime user.
 */
public final class LayerPlanner {
    private final Path workDir;
    private final Path runtimeScripts;
    private final Path stagingDir;
    private final Ownership runtimeOwner;
    private final Consumer<String> warnings;

    /**
     * @param workDir {@code target/odoo}
     * @param runtimeScripts directory holding the runtime scripts ({@link ImagePaths#SCRIPTS})
     * @param stagingDir a build directory for generated files (empty skeleton dir, launchers)
     * @param runtimeOwner owner of {@code /var/lib/odoo} and {@code /run/odoo}
     */
    public LayerPlanner(Path workDir, Path runtimeScripts, Path stagingDir, Ownership runtimeOwner,
            Consumer<String> warnings) {
        this.workDir = workDir;
        this.runtimeScripts = runtimeScripts;
        this.stagingDir = stagingDir;
        this.runtimeOwner = runtimeOwner;
        this.warnings = warnings;
    }

    /** @param in the aggregates in lock order and the fresh bytecode trees ({@link LayerInputs}) */
    public LayerPlan plan(LayerInputs in) {
        List<String> aggregates = in.aggregates();
        Path src = workDir.resolve("src");
        Path venv = workDir.resolve("venv");
        Path addonsPath = workDir.resolve("addons_path");
        for (String a : aggregates) {
            if (!Files.isDirectory(src.resolve(a))) {
                throw new OdooImageException(src.resolve(a) + " is missing although " + workDir.resolve("src.json")
                        + " lists it; run odoo:aggregate again (mvn clean package)");
            }
        }
        if (!Files.isDirectory(venv)) {
            throw new OdooImageException(venv + " is missing; run the odoo:python-env goal first"
                    + " (it runs at generate-resources in `mvn package`)");
        }
        if (!Files.isRegularFile(addonsPath)) {
            throw new OdooImageException(addonsPath + " is missing; run the odoo:addons-path goal first"
                    + " (it runs at process-sources in `mvn package`)");
        }
        TreeCollector trees = new TreeCollector(stagingDir.resolve("launchers"), warnings);
        List<PlannedLayer> layers = new ArrayList<>();
        layers.add(runtimeLayer());
        layers.add(new PlannedLayer("python venv " + ImagePaths.VENV,
                withBytecode(trees.collect(venv, ImagePaths.VENV, Ownership.ROOT, true), trees, in,
                        BytecodeTrees.VENV)));
        for (String a : aggregates) {
            layers.add(new PlannedLayer("source " + a + " (" + ImagePaths.source(a) + ")",
                    withBytecode(trees.collect(src.resolve(a), ImagePaths.source(a), Ownership.ROOT, false), trees,
                            in, "src/" + a)));
        }
        List<PlannedEntry> last = new ArrayList<>();
        last.add(new PlannedEntry(addonsPath, ImagePaths.ADDONS_PATH, 0644, Ownership.ROOT, false));
        Path digests = workDir.resolve("addons.digests");
        if (Files.isRegularFile(digests)) {
            last.add(new PlannedEntry(digests, ImagePaths.ADDON_DIGESTS, 0644, Ownership.ROOT, false));
        } else {
            warnings.accept(digests + " is missing (an odoo:addons-path older than this plugin?): the image"
                    + " gets no " + ImagePaths.ADDON_DIGESTS + " and `odoo-update --changed` will refuse to run");
        }
        layers.add(new PlannedLayer("addons_path " + ImagePaths.ADDONS_PATH, last));
        return new LayerPlan(layers, aggregates, findOdooBin(src, aggregates));
    }

    /**
     * The tree's entries with its compiled {@code __pycache__} added, when {@code in} says its
     * mirror is fresh: one layer per tree, so a change in one repository (a .py and its .pyc)
     * changes that one layer. The mirror's directories that the tree has already are left out;
     * a .pyc the tree itself carries is replaced by the compiled one.
     */
    private List<PlannedEntry> withBytecode(List<PlannedEntry> tree, TreeCollector trees, LayerInputs in,
            String name) {
        if (!in.bytecode().contains(name)) {
            return tree;
        }
        Path output = BytecodeTrees.output(workDir, name);
        if (!Files.isDirectory(output)) {
            throw new OdooImageException(output + " is missing although odoo:prepare-image found it fresh;"
                    + " run `mvn package` again");
        }
        Map<String, PlannedEntry> merged = new LinkedHashMap<>();
        tree.forEach(e -> merged.put(e.imagePath(), e));
        for (PlannedEntry e : trees.collect(output, BytecodeTrees.imagePath(name), Ownership.ROOT, false)) {
            if (!e.directory() || !merged.containsKey(e.imagePath())) {
                merged.put(e.imagePath(), e);
            }
        }
        return new ArrayList<>(merged.values());
    }

    private PlannedLayer runtimeLayer() {
        Path empty = stagingDir.resolve("empty-dir");
        try {
            Files.createDirectories(empty);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<PlannedEntry> entries = new ArrayList<>();
        entries.add(new PlannedEntry(empty, ImagePaths.ETC, 0755, Ownership.ROOT, true));
        entries.add(new PlannedEntry(empty, ImagePaths.RUN, 0700, runtimeOwner, true));
        for (String script : ImagePaths.SCRIPTS) {
            Path file = runtimeScripts.resolve(script);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("runtime script " + file + " is missing from the plugin");
            }
            entries.add(new PlannedEntry(file, ImagePaths.BIN + "/" + script, 0755, Ownership.ROOT, false));
        }
        entries.add(new PlannedEntry(empty, ImagePaths.DATA, 0750, runtimeOwner, true));
        entries.sort((x, y) -> x.imagePath().compareTo(y.imagePath()));
        return new PlannedLayer("odoo runtime scripts and skeleton", entries);
    }

    /** The first aggregate (lock order) with an {@code odoo-bin} at its top is Odoo. */
    private static String findOdooBin(Path src, List<String> aggregates) {
        for (String a : aggregates) {
            if (Files.isRegularFile(src.resolve(a).resolve("odoo-bin"))) {
                return ImagePaths.source(a) + "/odoo-bin";
            }
        }
        return null;
    }
}
