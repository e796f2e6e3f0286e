package dev.odooimage.addons;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The addons_path entries and every addon on them, in addons_path order.
 * Technical names are unique (the scanner fails on duplicates).
 */
public record Inventory(List<AddonRoot> roots, List<Addon> addons) {

    public Inventory {
        roots = List.copyOf(roots);
        addons = List.copyOf(addons);
    }

    public Map<String, Addon> byName() {
        Map<String, Addon> m = new LinkedHashMap<>();
        for (Addon a : addons) {
            m.putIfAbsent(a.name(), a);
        }
        return Collections.unmodifiableMap(m);
    }

    public Optional<Addon> addon(String name) {
        return Optional.ofNullable(byName().get(name));
    }

    /** The addons_path value: image paths joined by commas. */
    public String addonsPath(String imageSourceRoot) {
        return String.join(",", roots.stream().map(r -> r.imagePath(imageSourceRoot)).toList());
    }
}
