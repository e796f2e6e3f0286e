package dev.odooimage.addons;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Fails on installable addons whose {@code depends} names an addon found nowhere on
 * addons_path: Odoo would otherwise only fail when someone installs them in production.
 * Each problem prints the chain from an addon nobody depends on down to the missing one.
 * A {@code depends} cycle fails too, naming the cycle.
 */
public final class DependencyCheck {
    private static final int MAX_CHAINS = 10;

    private DependencyCheck() {
    }

    public static void check(Inventory inventory, Diagnostics diag) {
        Map<String, Addon> byName = inventory.byName();
        Map<String, TreeSet<String>> missing = new TreeMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (Addon a : inventory.addons()) {
            if (!a.manifest().installable()) {
                continue;
            }
            List<String> triggers = a.manifest().autoInstallTriggers();
            if (triggers != null && !a.manifest().depends().containsAll(triggers)) {
                // Odoo asserts this when it loads the manifest: the whole registry fails to load.
                List<String> extra = triggers.stream().filter(t -> !a.manifest().depends().contains(t)).toList();
                diag.error("addon '" + a.name() + "' (./" + a.aggregate() + "): auto_install triggers " + extra
                        + " are not in its depends; Odoo refuses to load such a manifest. Add them to 'depends'"
                        + " or remove them from 'auto_install'");
            }
            for (String d : a.manifest().depends()) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(a.name());
                Addon dep = byName.get(d);
                if (dep == null) {
                    missing.computeIfAbsent(d, k -> new TreeSet<>()).add(a.name());
                } else if (!dep.manifest().installable()) {
                    diag.warn("addon '" + a.name() + "' (./" + a.aggregate() + ") depends on '" + d
                            + "', which is not installable (installable: False in ./" + dep.aggregate()
                            + "); it cannot be installed either");
                }
            }
        }
        for (List<String> cycle : DependencyCycles.find(inventory)) {
            StringBuilder where = new StringBuilder();
            for (String n : new java.util.LinkedHashSet<>(cycle)) {
                where.append(where.length() == 0 ? "" : ", ").append(n).append(" in ./").append(byName.get(n).aggregate());
            }
            diag.error("dependency cycle: " + String.join(" -> ", cycle) + "   (" + where + ")\nOdoo never loads"
                    + " addons that depend on each other in a circle. Remove one of these 'depends' (usually the"
                    + " one added last).");
        }
        dependents.values().forEach(l -> l.sort(null));
        missing.forEach((name, direct) -> {
            StringBuilder sb = new StringBuilder("missing dependency '" + name + "': it is on no addons_path entry,"
                    + " but installable addons depend on it:");
            int n = 0;
            for (String d : direct) {
                if (n++ == MAX_CHAINS) {
                    sb.append("\n  ... and ").append(direct.size() - MAX_CHAINS).append(" more");
                    break;
                }
                List<String> chain = chainFromTop(d, dependents);
                chain.add(name);
                sb.append("\n  ").append(String.join(" -> ", chain)).append("   (")
                        .append(d).append(" is in ./").append(byName.get(d).aggregate()).append(")");
            }
            String ignored = withoutInit(inventory, name);
            if (ignored != null) {
                // The folder is there: adding a repository would not help.
                sb.append("\n'").append(name).append("' is at ").append(ignored).append(" but has no __init__.py, so"
                        + " Odoo ignores it: add ").append(name).append("/__init__.py to its repository (and lock the"
                        + " new commit).");
            } else {
                sb.append("\nAdd the repository that provides '").append(name)
                        .append("' to repos.yaml and run 'mvn odoo:lock', or drop the addons that need it.");
            }
            diag.error(sb.toString());
        });
    }

    /** The folder of an addons_path entry named {@code name} with a manifest but no __init__.py, or null. */
    private static String withoutInit(Inventory inventory, String name) {
        for (AddonRoot root : inventory.roots()) {
            java.nio.file.Path dir = root.dir().resolve(name);
            if (AddonDirs.manifestFile(dir) != null && !java.nio.file.Files.isRegularFile(dir.resolve("__init__.py"))) {
                return "./" + (root.relative().isEmpty() ? "" : root.relative() + "/") + name;
            }
        }
        return null;
    }

    /** Shortest chain top -> ... -> start, where top is an addon no installable addon depends on. */
    static List<String> chainFromTop(String start, Map<String, List<String>> dependents) {
        Map<String, String> next = new HashMap<>(); // node -> the node below it on the chain
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        next.put(start, null);
        String top = start;
        while (!queue.isEmpty()) {
            String cur = queue.poll();
            List<String> ups = dependents.getOrDefault(cur, List.of());
            if (ups.isEmpty()) {
                top = cur;
                break;
            }
            for (String up : ups) {
                if (!next.containsKey(up)) {
                    next.put(up, cur);
                    queue.add(up);
                }
            }
        }
        List<String> chain = new LinkedList<>();
        for (String c = top; c != null; c = next.get(c)) {
            chain.add(c);
        }
        return chain;
    }
}
