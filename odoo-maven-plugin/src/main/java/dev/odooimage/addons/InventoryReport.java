package dev.odooimage.addons;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Human views of the inventory for {@code mvn odoo:addons}: a table and a dependency tree. */
public final class InventoryReport {
    private InventoryReport() {
    }

    /** One line per addon, sorted by name: name, version, licence, repository. */
    public static List<String> table(Inventory inventory) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "VERSION", "LICENCE", "REPOSITORY"});
        inventory.addons().stream().sorted(Comparator.comparing(Addon::name)).forEach(a -> rows.add(new String[] {
            a.name() + (a.manifest().installable() ? "" : " (not installable)"),
            a.manifest().version() == null ? "-" : a.manifest().version(), a.manifest().license(), a.aggregate()}));
        int[] w = new int[4];
        for (String[] r : rows) {
            for (int i = 0; i < 4; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] r : rows) {
            out.add(String.format("%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %s", r[0], r[1], r[2], r[3])
                    .stripTrailing());
        }
        out.add(inventory.addons().size() + " addons in " + inventory.roots().size() + " addons_path entries");
        return out;
    }

    /**
     * The dependency tree of {@code name}, in the style of {@code mvn dependency:tree}.
     * An addon already expanded higher up is marked {@code (*)}, a missing one {@code (MISSING)},
     * one that closes a depends cycle {@code (CYCLE: a -> b -> a)}.
     */
    public static List<String> tree(Inventory inventory, String name) {
        Map<String, Addon> byName = inventory.byName();
        Addon root = byName.get(name);
        if (root == null) {
            throw new dev.odooimage.util.OdooImageException("no addon '" + name + "' on addons_path; run"
                    + " 'mvn odoo:addons' without -Dodoo.addons.tree to list the addons");
        }
        List<String> out = new ArrayList<>();
        out.add(label(root));
        children(root, "", byName, new HashSet<>(Set.of(name)), new ArrayList<>(List.of(name)), out);
        return out;
    }

    private static void children(Addon addon, String indent, Map<String, Addon> byName, Set<String> shown,
            List<String> path, List<String> out) {
        List<String> deps = addon.manifest().depends();
        for (int i = 0; i < deps.size(); i++) {
            boolean last = i == deps.size() - 1;
            String d = deps.get(i);
            Addon dep = byName.get(d);
            String branch = indent + (last ? "\\- " : "+- ");
            if (dep == null) {
                out.add(branch + d + " (MISSING)");
            } else if (path.contains(d)) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(d), path.size()));
                cycle.add(d);
                out.add(branch + d + " (CYCLE: " + String.join(" -> ", cycle) + ")");
            } else if (!shown.add(d)) {
                out.add(branch + d + " (*)");
            } else {
                out.add(branch + label(dep));
                path.add(d);
                children(dep, indent + (last ? "   " : "|  "), byName, shown, path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    private static String label(Addon a) {
        return a.name() + " " + (a.manifest().version() == null ? "-" : a.manifest().version()) + " ["
                + a.manifest().license() + ", ./" + a.aggregate() + "]";
    }
}
