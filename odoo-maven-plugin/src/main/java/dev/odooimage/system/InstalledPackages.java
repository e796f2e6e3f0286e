package dev.odooimage.system;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a base image's dpkg database ({@code /var/lib/dpkg/status}) says is installed: only
 * entries whose Status ends in {@code installed} count; the raw text is kept so the package
 * layer can write the base's entries back unchanged, followed by ours.
 */
public final class InstalledPackages {
    private final Map<String, DebPackage> installed;
    private final String statusText;

    private InstalledPackages(Map<String, DebPackage> installed, String statusText) {
        this.installed = installed;
        this.statusText = statusText;
    }

    /** Parses a dpkg status text; {@code arch} is the image's architecture (for qualifiers). */
    public static InstalledPackages parse(String statusText, String arch) {
        Map<String, DebPackage> map = new LinkedHashMap<>();
        for (Deb822 p : Deb822.parseAll(statusText)) {
            String status = p.get("Status").orElse("install ok installed");
            if (status.endsWith(" installed")) {
                DebPackage pkg = DebPackage.of(p, arch);
                map.put(pkg.name(), pkg);
            }
        }
        return new InstalledPackages(Map.copyOf(map), statusText);
    }

    public static InstalledPackages empty() {
        return new InstalledPackages(Map.of(), "");
    }

    public Optional<DebPackage> get(String name) {
        return Optional.ofNullable(installed.get(name));
    }

    public Collection<DebPackage> all() {
        return installed.values();
    }

    /** The installed package that satisfies {@code r}, if any. */
    public Optional<DebPackage> satisfier(Relation r) {
        DebPackage direct = installed.get(r.name());
        if (direct != null && direct.satisfies(r)) {
            return Optional.of(direct);
        }
        return installed.values().stream().filter(p -> p.satisfies(r)).findFirst();
    }

    /** Installed packages that conflict with or are broken by {@code pkg}, or that it conflicts with / breaks. */
    public List<Clash> clashesWith(DebPackage pkg) {
        List<Clash> out = new ArrayList<>();
        for (DebPackage b : installed.values()) {
            if (b.name().equals(pkg.name())) {
                continue;
            }
            for (Relation r : pkg.conflicts()) {
                if (b.satisfies(r) && !r.name().equals(pkg.name())) {
                    out.add(new Clash(b.name(), pkg.name() + " conflicts with the base's " + b.name() + " " + b.version() + " (" + r + ")"));
                }
            }
            for (Relation r : pkg.breaks()) {
                if (b.satisfies(r) && !r.name().equals(pkg.name())) {
                    out.add(new Clash(b.name(), pkg.name() + " breaks the base's " + b.name() + " " + b.version() + " (" + r + ")"));
                }
            }
            for (Relation r : b.conflicts()) {
                if (pkg.satisfies(r)) {
                    out.add(new Clash(b.name(), "the base's " + b.name() + " conflicts with " + pkg.name() + " " + pkg.version() + " (" + r + ")"));
                }
            }
            for (Relation r : b.breaks()) {
                if (pkg.satisfies(r)) {
                    out.add(new Clash(b.name(), "the base's " + b.name() + " breaks " + pkg.name() + " " + pkg.version() + " (" + r + ")"));
                }
            }
        }
        return out;
    }

    /** A Conflicts/Breaks between a package and the base's {@code basePackage}. */
    public record Clash(String basePackage, String message) {
    }

    public String statusText() {
        return statusText;
    }

    public int size() {
        return installed.size();
    }
}
