package dev.odooimage.system;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A Packages index of one architecture: every version of every package, and who provides what. */
public final class PackageIndex {
    private final String arch;
    private final Map<String, List<DebPackage>> byName = new HashMap<>();
    private final Map<String, List<DebPackage>> providers = new HashMap<>();

    private PackageIndex(String arch) {
        this.arch = arch;
    }

    /** Indexes {@code Packages} texts (several components merge); packages of other architectures are left out. */
    public static PackageIndex parse(List<String> packagesTexts, String arch) {
        PackageIndex idx = new PackageIndex(arch);
        for (String text : packagesTexts) {
            for (Deb822 p : Deb822.parseAll(text)) {
                idx.add(DebPackage.of(p, arch));
            }
        }
        Comparator<DebPackage> newestFirst = Comparator.comparing(DebPackage::version).reversed();
        idx.byName.values().forEach(l -> l.sort(newestFirst));
        idx.providers.values().forEach(l -> l.sort(Comparator.comparing(DebPackage::name).thenComparing(newestFirst)));
        return idx;
    }

    /**
     * The indexes of several sources as one (apt's view of its sources.list): every version of every
     * package, newest first; the same version from two sources keeps the earlier source first.
     */
    public static PackageIndex merge(List<PackageIndex> indexes, String arch) {
        PackageIndex idx = new PackageIndex(arch);
        for (PackageIndex i : indexes) {
            i.all().forEach(idx::add);
        }
        Comparator<DebPackage> newestFirst = Comparator.comparing(DebPackage::version).reversed();
        idx.byName.values().forEach(l -> l.sort(newestFirst));
        idx.providers.values().forEach(l -> l.sort(Comparator.comparing(DebPackage::name).thenComparing(newestFirst)));
        return idx;
    }

    /** Every package of the index (each version), in name order. */
    public List<DebPackage> all() {
        List<DebPackage> out = new ArrayList<>();
        new TreeSet<>(byName.keySet()).forEach(n -> out.addAll(byName.get(n)));
        return out;
    }

    public void add(DebPackage p) {
        if (!p.arch().equals(arch) && !p.arch().equals("all")) {
            return;
        }
        byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
        for (Relation r : p.provides()) {
            providers.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(p);
        }
    }

    /** Every version of {@code name}, newest first. */
    public List<DebPackage> versions(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** Packages that declare {@code Provides: name}, by name then newest first. */
    public List<DebPackage> providers(String name) {
        return providers.getOrDefault(name, List.of());
    }

    public String arch() {
        return arch;
    }

    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    public int size() {
        return byName.size();
    }
}
