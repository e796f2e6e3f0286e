package dev.odooimage.system;

import java.util.List;

/**
 * One binary package as an index or dpkg database describes it: its paragraph and the
 * relationship fields the resolver reads, parsed once.
 */
public final class DebPackage {
    private final Deb822 paragraph;
    private final String name;
    private final DebVersion version;
    private final String arch;
    private final List<List<Relation>> preDepends;
    private final List<List<Relation>> depends;
    private final List<Relation> provides;
    private final List<Relation> conflicts;
    private final List<Relation> breaks;

    private DebPackage(Deb822 p, String hostArch) {
        this.paragraph = p;
        this.name = p.require("Package");
        this.version = DebVersion.parse(p.require("Version"));
        this.arch = p.get("Architecture").orElse("all");
        this.preDepends = Relation.parseField(p.get("Pre-Depends").orElse(""), hostArch);
        this.depends = Relation.parseField(p.get("Depends").orElse(""), hostArch);
        this.provides = flat(p.get("Provides").orElse(""), hostArch);
        this.conflicts = flat(p.get("Conflicts").orElse(""), hostArch);
        this.breaks = flat(p.get("Breaks").orElse(""), hostArch);
    }

    public static DebPackage of(Deb822 paragraph, String hostArch) {
        return new DebPackage(paragraph, hostArch);
    }

    private static List<Relation> flat(String field, String arch) {
        return Relation.parseField(field, arch).stream().flatMap(List::stream).toList();
    }

    public Deb822 paragraph() {
        return paragraph;
    }

    public String name() {
        return name;
    }

    public DebVersion version() {
        return version;
    }

    public String arch() {
        return arch;
    }

    public List<List<Relation>> preDepends() {
        return preDepends;
    }

    public List<List<Relation>> depends() {
        return depends;
    }

    public List<Relation> provides() {
        return provides;
    }

    public List<Relation> conflicts() {
        return conflicts;
    }

    public List<Relation> breaks() {
        return breaks;
    }

    /**
     * Whether this package satisfies {@code r}: by its own name and version, or by a Provides
     * (an unversioned Provides satisfies only unversioned relations, as in dpkg).
     */
    public boolean satisfies(Relation r) {
        if (r.name().equals(name) && r.accepts(version)) {
            return true;
        }
        for (Relation p : provides) {
            if (p.name().equals(r.name())) {
                if (r.version().isEmpty()) {
                    return true;
                }
                if (p.version().isPresent() && r.accepts(p.version().get())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name + " " + version + " " + arch;
    }
}
