package dev.odooimage.addons;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.odooimage.repos.AggregatePath;

/**
 * Lists the addons of each root in addons_path order, reads their manifests and fails on
 * technical names that appear twice (Odoo would silently take the first).
 */
public final class AddonScanner {
    private final Path srcDir;
    private final Path srcReal;
    private final String imageSourceRoot;
    private final Path displayBase;

    /**
     * @param displayBase manifests are named relative to this directory in errors (the
     *                    project base directory), or null for absolute paths
     */
    public AddonScanner(Path srcDir, String imageSourceRoot, Path displayBase) {
        this.srcDir = srcDir.toAbsolutePath().normalize();
        Path real = AddonDirs.real(this.srcDir);
        this.srcReal = real == null ? this.srcDir : real;
        this.imageSourceRoot = imageSourceRoot;
        this.displayBase = displayBase == null ? null : displayBase.toAbsolutePath().normalize();
    }

    public Inventory scan(List<AddonRoot> roots, List<String> aggregates, Diagnostics diag) {
        List<String> aggs = aggregates.stream().map(AggregatePath::relative)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        List<Addon> addons = new ArrayList<>();
        Map<String, List<Addon>> byName = new LinkedHashMap<>();
        for (AddonRoot root : roots) {
            Path realRoot = AddonDirs.real(root.dir());
            if (realRoot == null || !realRoot.startsWith(srcReal)) {
                diag.error("addon root " + root.relative() + " resolves to " + realRoot + ", outside the source tree "
                        + srcReal + "; addons_path only holds paths inside the image source tree");
                continue;
            }
            for (Path child : AddonDirs.subdirectories(root.dir(), true)) {
                Addon a = addon(root, child, aggs, diag);
                if (a != null) {
                    List<Addon> same = byName.computeIfAbsent(a.name(), k -> new ArrayList<>());
                    same.add(a);
                    if (same.size() == 1) {
                        addons.add(a);
                    }
                }
            }
        }
        byName.forEach((name, same) -> {
            if (same.size() > 1) {
                StringBuilder sb = new StringBuilder("duplicate addon '" + name + "' on addons_path:");
                for (Addon a : same) {
                    sb.append("\n  ").append(a.imagePath(imageSourceRoot)).append("  (repository ./")
                            .append(a.aggregate()).append(")");
                }
                sb.append("\nOdoo would silently load the first one and ignore the other. Keep a single copy:"
                        + " remove one of them, or patch the original through git composition (merge your"
                        + " branch into that repository in repos.yaml) instead of shadowing it by path order.");
                diag.error(sb.toString());
            }
        });
        return new Inventory(roots, addons);
    }

    private Addon addon(AddonRoot root, Path child, List<String> aggregates, Diagnostics diag) {
        String rel = AddonDirs.relative(srcDir, child);
        Path manifestFile = AddonDirs.manifestFile(child);
        if (manifestFile == null) {
            return null;
        }
        if (!Files.isRegularFile(child.resolve("__init__.py"))) {
            diag.warn(display(manifestFile) + ": has a manifest but no __init__.py; Odoo ignores this folder");
            return null;
        }
        // Roots are checked already; only a link can lead out of the tree (realpath is costly per addon).
        Path real = Files.isSymbolicLink(child) ? AddonDirs.real(child) : srcReal;
        if (real == null || !real.startsWith(srcReal)) {
            diag.error(rel + " is a link to " + real + ", outside the source tree; the image would not contain it."
                    + " Replace the link by the addon itself or by a link inside the source tree");
            return null;
        }
        if (manifestFile.getFileName().toString().equals(AddonDirs.LEGACY_MANIFEST)) {
            diag.warn(display(manifestFile) + ": old manifest name __openerp__.py (Odoo <= 9); rename it to"
                    + " __manifest__.py");
        }
        Manifest manifest;
        try {
            manifest = ManifestReader.read(manifestFile, display(manifestFile));
        } catch (ManifestSyntaxException e) {
            diag.error(e.getMessage());
            return null;
        }
        String aggregate = aggregates.stream().filter(a -> rel.equals(a) || rel.startsWith(a + "/")).findFirst()
                .orElse(root.aggregate());
        return new Addon(child.getFileName().toString(), child, rel, aggregate, root, manifest);
    }

    private String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return displayBase != null && abs.startsWith(displayBase) ? displayBase.relativize(abs).toString() : abs.toString();
    }
}
