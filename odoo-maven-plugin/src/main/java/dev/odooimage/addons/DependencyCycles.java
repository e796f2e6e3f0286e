package dev.odooimage.addons;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds {@code depends} cycles among installable addons (a -> b -> c -> a, or an addon that
 * depends on itself). Odoo's module graph never loads the addons of a cycle: it only logs
 * "Some modules are not loaded, some dependencies or manifest may be missing" at install.
 */
final class DependencyCycles {
    private DependencyCycles() {
    }

    /** Each cycle once, as the chain of names starting and ending with its smallest name. */
    static List<List<String>> find(Inventory inventory) {
        Map<String, Addon> byName = new TreeMap<>(inventory.byName());
        Map<String, Integer> state = new HashMap<>(); // absent: new, 1: on the path, 2: done
        List<List<String>> out = new ArrayList<>();
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (String start : byName.keySet()) {
            visit(start, byName, state, new ArrayList<>(), out, seen);
        }
        return out;
    }

    private static void visit(String name, Map<String, Addon> byName, Map<String, Integer> state, List<String> path,
            List<List<String>> out, LinkedHashSet<String> seen) {
        Addon a = byName.get(name);
        if (a == null || !a.manifest().installable() || state.getOrDefault(name, 0) == 2) {
            return;
        }
        state.put(name, 1);
        path.add(name);
        for (String d : a.manifest().depends()) {
            if (state.getOrDefault(d, 0) == 1) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(d), path.size()));
                // the same cycle found from another member: keep one rotation
                int min = cycle.indexOf(cycle.stream().min(String::compareTo).orElseThrow());
                List<String> rotated = new ArrayList<>(cycle.subList(min, cycle.size()));
                rotated.addAll(cycle.subList(0, min));
                rotated.add(rotated.get(0));
                if (seen.add(String.join(" ", rotated))) {
                    out.add(rotated);
                }
            } else {
                visit(d, byName, state, path, out, seen);
            }
        }
        path.remove(path.size() - 1);
        state.put(name, 2);
    }
}
