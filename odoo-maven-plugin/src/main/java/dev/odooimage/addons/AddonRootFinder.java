package dev.odooimage.addons;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.odooimage.addons.AddonRoot.Kind;
import dev.odooimage.repos.AggregatePath;

/**
 * Turns the lock's aggregates, in lock order, into addons_path entries:
 * <ul>
 * <li>the Odoo repository ({@code odoo-bin} + {@code odoo/addons/base}) gives
 * {@code <odoo>/odoo/addons} then {@code <odoo>/addons}, those that exist;</li>
 * <li>a repository holding addons directly is one root (the normal layout);</li>
 * <li>otherwise sub-folders holding addons, up to {@code nestedDepth} levels, in path
 * name order ("nested", a compatibility layout);</li>
 * <li>a repository that is itself an addon is exposed through its parent folder, only when
 * that folder is not the source root and holds no addon other than locked single-addon
 * repositories (else it would silently publish addons nobody locked);</li>
 * <li>a repository with no addon at all is kept as it is.</li>
 * </ul>
 * No entry ever leaves the source tree.
 */
public final class AddonRootFinder {
    private final Path srcDir;
    private final Path srcReal;
    private final int nestedDepth;

    public AddonRootFinder(Path srcDir, int nestedDepth) {
        this.srcDir = srcDir.toAbsolutePath().normalize();
        Path real = AddonDirs.real(this.srcDir);
        this.srcReal = real == null ? this.srcDir : real;
        this.nestedDepth = nestedDepth;
    }

    public List<AddonRoot> find(List<String> aggregates, Diagnostics diag) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (String a : aggregates) {
            String rel = AggregatePath.relative(a);
            Path d = checkedDir(a, rel, diag);
            if (d != null) {
                dirs.put(rel, d);
            }
        }
        List<AddonRoot> roots = new ArrayList<>();
        Set<Path> taken = new LinkedHashSet<>();
        for (Map.Entry<String, Path> e : dirs.entrySet()) {
            String rel = e.getKey();
            Path d = e.getValue();
            if (AddonDirs.isOdooRepository(d)) {
                int before = roots.size();
                add(roots, taken, new AddonRoot(rel, d.resolve("odoo/addons"), rel + "/odoo/addons", Kind.ODOO_CORE));
                if (Files.isDirectory(d.resolve("addons"))) {
                    add(roots, taken, new AddonRoot(rel, d.resolve("addons"), rel + "/addons", Kind.ODOO_ADDONS));
                }
                diag.info("./" + rel + ": Odoo repository, " + (roots.size() - before) + " addon roots");
            } else if (AddonDirs.hasAddonChild(d, true)) {
                add(roots, taken, new AddonRoot(rel, d, rel, Kind.REPOSITORY));
            } else if (AddonDirs.isAddon(d)) {
                singleAddon(rel, d, dirs, roots, taken, diag);
            } else {
                List<Path> nested = new ArrayList<>();
                Set<Path> others = new LinkedHashSet<>(dirs.values());
                others.remove(d);
                searchNested(d, 1, others, nested);
                for (Path n : nested) {
                    String nrel = AddonDirs.relative(srcDir, n);
                    add(roots, taken, new AddonRoot(rel, n, nrel, Kind.NESTED));
                    diag.info("./" + rel + ": nested addon root " + nrel);
                }
                if (nested.isEmpty()) {
                    add(roots, taken, new AddonRoot(rel, d, rel, Kind.EMPTY));
                    diag.info("./" + rel + ": no addon yet; kept on addons_path as locked");
                }
            }
        }
        return roots;
    }

    private void singleAddon(String rel, Path d, Map<String, Path> dirs, List<AddonRoot> roots, Set<Path> taken,
            Diagnostics diag) {
        Path parent = d.getParent();
        String fix = " Give single-addon repositories a folder of their own in repos.yaml, e.g. './single-addons/"
                + d.getFileName() + ":', so that this folder, holding only locked single-addon repositories,"
                + " goes on addons_path.";
        if (parent.equals(srcDir)) {
            diag.error("repository ./" + rel + " is itself an addon (its top holds __manifest__.py), but Odoo needs"
                    + " the folder that contains an addon on addons_path, and the source root cannot be that"
                    + " folder: it holds every other repository." + fix);
            return;
        }
        String prel = AddonDirs.relative(srcDir, parent);
        for (Path sibling : AddonDirs.subdirectories(parent, true)) {
            String srel = AddonDirs.relative(srcDir, sibling);
            if (AddonDirs.isAddon(sibling) && !dirs.containsKey(srel)) {
                diag.error("repository ./" + rel + " is itself an addon, so its folder ./" + prel + " would go on"
                        + " addons_path, but that folder also holds addon '" + sibling.getFileName()
                        + "' which is not a locked single-addon repository." + fix);
                return;
            }
        }
        if (taken.contains(parent)) {
            diag.info("./" + rel + ": single-addon repository, already covered by addon root " + prel);
            return;
        }
        add(roots, taken, new AddonRoot(rel, parent, prel, Kind.SINGLE_ADDON_PARENT));
        diag.info("./" + rel + ": single-addon repository; its folder " + prel + " goes on addons_path (nested)");
    }

    /** Pre-order, name-sorted walk: deterministic. Links are not followed (OCA setup/ trees link back). */
    private void searchNested(Path dir, int depth, Set<Path> otherAggregates, List<Path> out) {
        for (Path child : AddonDirs.subdirectories(dir, false)) {
            if (otherAggregates.contains(child) || AddonDirs.isAddon(child)
                    || (depth == 1 && child.getFileName().toString().equals("setup"))) {
                continue;
            }
            if (AddonDirs.hasAddonChild(child, false)) {
                out.add(child);
            }
            if (depth < nestedDepth) {
                searchNested(child, depth + 1, otherAggregates, out);
            }
        }
    }

    private static void add(List<AddonRoot> roots, Set<Path> taken, AddonRoot root) {
        if (taken.add(root.dir())) {
            roots.add(root);
        }
    }

    private Path checkedDir(String written, String rel, Diagnostics diag) {
        if (rel.isEmpty() || rel.startsWith("/") || rel.matches("^[A-Za-z]:.*") || List.of(rel.split("/")).contains("..")) {
            diag.error("aggregate '" + written + "' in the lock is not a path inside the source tree;"
                    + " use a relative path such as ./oca/web in repos.yaml");
            return null;
        }
        Path d = srcDir.resolve(rel).normalize();
        if (!Files.isDirectory(d)) {
            diag.error("aggregate './" + rel + "' of the lock is not materialised at " + d
                    + "; run 'mvn generate-sources' (odoo:aggregate) first");
            return null;
        }
        Path real = AddonDirs.real(d);
        if (real == null || !real.startsWith(srcReal)) {
            diag.error("aggregate './" + rel + "' resolves to " + real + ", outside the source tree " + srcReal
                    + "; addons_path only holds paths inside the image source tree");
            return null;
        }
        return d;
    }

}
