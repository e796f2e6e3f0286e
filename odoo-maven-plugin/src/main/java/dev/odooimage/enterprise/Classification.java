package dev.odooimage.enterprise;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How the bundle's modules were classified against the Community checkout. Community is
 * authoritative: a module name present in the checkout is Community whatever the bundle's
 * copy holds; only the others are Enterprise.
 *
 * @param community  Community modules whose bundle copy equals the checkout
 * @param drifted    Community modules whose bundle copy differs from the checkout (never imported)
 * @param enterprise Enterprise modules (absent from the checkout), to import
 */
public record Classification(List<String> community, SortedMap<String, Drift> drifted, List<String> enterprise) {

    public Classification {
        community = List.copyOf(community);
        drifted = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(drifted));
        enterprise = List.copyOf(enterprise);
    }

    /** Where a bundle copy differs from the Community checkout, by path inside the module. */
    public record Drift(List<String> changed, List<String> onlyInBundle, List<String> onlyInCheckout) {
        public Drift {
            changed = List.copyOf(changed);
            onlyInBundle = List.copyOf(onlyInBundle);
            onlyInCheckout = List.copyOf(onlyInCheckout);
        }

        public int files() {
            return changed.size() + onlyInBundle.size() + onlyInCheckout.size();
        }

        /** Up to {@code n} paths, each marked {@code ~} changed, {@code +} only in the bundle, {@code -} only in Community. */
        public List<String> examples(int n) {
            List<String> out = new ArrayList<>();
            changed.forEach(p -> out.add("~ " + p));
            onlyInBundle.forEach(p -> out.add("+ " + p));
            onlyInCheckout.forEach(p -> out.add("- " + p));
            return out.subList(0, Math.min(n, out.size()));
        }
    }

    /** Classifies {@code bundleTrees} (all bundle modules) against the checkout. */
    static Classification of(SortedMap<String, ModuleTree> bundleTrees, CommunityCheckout checkout) {
        List<String> community = new ArrayList<>();
        SortedMap<String, Drift> drifted = new TreeMap<>();
        List<String> enterprise = new ArrayList<>();
        bundleTrees.forEach((name, tree) -> {
            if (!checkout.modules().containsKey(name)) {
                enterprise.add(name);
                return;
            }
            Drift d = compare(tree, ModuleTree.ofDirectory(checkout.modules().get(name)));
            if (d.files() == 0) {
                community.add(name);
            } else {
                drifted.put(name, d);
            }
        });
        return new Classification(community, drifted, enterprise);
    }

    private static Drift compare(ModuleTree bundle, ModuleTree checkout) {
        List<String> changed = new ArrayList<>();
        List<String> onlyInBundle = new ArrayList<>();
        List<String> onlyInCheckout = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        bundle.files().forEach((p, f) -> {
            ModuleTree.FileEntry c = checkout.files().get(p);
            seen.add(p);
            if (c == null) {
                onlyInBundle.add(p);
            } else if (!c.equals(f)) {
                changed.add(p);
            }
        });
        checkout.files().keySet().stream().filter(p -> !seen.contains(p)).forEach(onlyInCheckout::add);
        return new Drift(changed, onlyInBundle, onlyInCheckout);
    }
}
