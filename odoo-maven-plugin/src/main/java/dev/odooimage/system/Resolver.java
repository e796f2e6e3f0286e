package dev.odooimage.system;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.odooimage.system.SystemRequests.Request;
import dev.odooimage.util.OdooImageException;

/**
 * What {@code apt-get install --no-install-recommends} would add to a base image, decided
 * without running it: Pre-Depends and Depends with their version relations, alternatives
 * (first satisfiable wins, as apt), virtual packages (Provides). Whatever the base already
 * satisfies is not added; a base package too old for a dependency is upgraded (recorded as
 * such). Recommends and Suggests are left out. Conflicts and Breaks against the base or within
 * the set fail the resolution, listing every clash.
 */
public final class Resolver {
    private final PackageIndex index;
    private final InstalledPackages base;

    public Resolver(PackageIndex index, InstalledPackages base) {
        this.index = index;
        this.base = base;
    }

    /** A package to add, where it comes from and why. */
    public record Resolved(DebPackage pkg, String why, Optional<Request> byUrl) {
    }

    /** The packages to add, in resolution order, and the requests the base already satisfied. */
    public record Result(List<Resolved> packages, List<String> alreadyInBase) {
    }

    /**
     * @param urlPackages the control paragraphs of the URL requests' .debs, in request order
     */
    public Result resolve(SystemRequests requests, Map<Request, DebPackage> urlPackages) {
        Map<String, Resolved> chosen = new LinkedHashMap<>();
        List<String> inBase = new ArrayList<>();
        Deque<DebPackage> queue = new ArrayDeque<>();
        for (Request r : requests.requests()) {
            if (r.isUrl()) {
                DebPackage p = urlPackages.get(r);
                checkArch(r, p);
                chosen.put(p.name(), new Resolved(p, "asked for (" + r.url().get() + ")", Optional.of(r)));
                queue.add(p);
                continue;
            }
            if (r.arch().isPresent() && !r.arch().get().equals(index.arch()) && !r.arch().get().equals("all")) {
                throw new OdooImageException(requests.file() + " line " + r.line() + ": " + r.spelling()
                        + " asks for architecture " + r.arch().get() + " but the image is " + index.arch()
                        + "; drop ':" + r.arch().get() + "'");
            }
            Optional<DebPackage> installed = base.get(r.name());
            if (installed.isPresent() && r.version().map(v -> DebVersion.parse(v).equals(installed.get().version()))
                    .orElse(true)) {
                inBase.add(r.name() + " " + installed.get().version());
                continue;
            }
            DebPackage p = pick(requests, r);
            chosen.put(p.name(), new Resolved(p, "asked for", Optional.empty()));
            queue.add(p);
        }
        while (!queue.isEmpty()) {
            DebPackage p = queue.poll();
            List<List<Relation>> groups = new ArrayList<>(p.preDepends());
            groups.addAll(p.depends());
            for (List<Relation> group : groups) {
                if (satisfied(group, chosen)) {
                    continue;
                }
                DebPackage dep = choose(group).orElseThrow(() -> new OdooImageException(p.name() + " " + p.version()
                        + " depends on '" + join(group) + "', which neither the base image nor the archive ("
                        + index.arch() + ") satisfies"));
                String why = "via " + p.name();
                Optional<DebPackage> old = base.get(dep.name());
                if (old.isPresent()) {
                    why += " (upgrades the base's " + old.get().version() + ")";
                }
                chosen.put(dep.name(), new Resolved(dep, why, Optional.empty()));
                queue.add(dep);
            }
        }
        checkClashes(chosen);
        return new Result(List.copyOf(chosen.values()), List.copyOf(inBase));
    }

    private void checkArch(Request r, DebPackage p) {
        if (!p.arch().equals(index.arch()) && !p.arch().equals("all")) {
            throw new OdooImageException(r.url().get() + " (line " + r.line() + ") is " + p.name() + " for "
                    + p.arch() + " but the image is " + index.arch() + ": use the " + index.arch() + " build");
        }
    }

    private DebPackage pick(SystemRequests requests, Request r) {
        List<DebPackage> versions = index.versions(r.name());
        String where = requests.file() + " line " + r.line() + ": ";
        if (versions.isEmpty()) {
            List<DebPackage> providers = index.providers(r.name());
            if (r.version().isEmpty() && providers.size() == 1) {
                return providers.get(0);
            }
            if (!providers.isEmpty()) {
                throw new OdooImageException(where + r.name() + " is a virtual package provided by "
                        + providers.stream().map(DebPackage::name).distinct().toList() + "; name one of them");
            }
            throw new OdooImageException(where + "no package " + r.name() + " in the archive (" + index.arch() + ")"
                    + suggestions(r.name()));
        }
        if (r.version().isEmpty()) {
            return versions.get(0);
        }
        DebVersion wanted = DebVersion.parse(r.version().get());
        return versions.stream().filter(v -> v.version().equals(wanted)).findFirst()
                .orElseThrow(() -> new OdooImageException(where + r.name() + " version " + wanted
                        + " is not in the archive; it has " + versions.stream().map(v -> v.version().text())
                                .distinct().toList() + " (write one of them, or drop '=" + wanted + "')"));
    }

    /** Up to five archive names close to {@code name} (edit distance, then shared prefix). */
    String suggestions(String name) {
        List<String> close = index.names().stream()
                .map(n -> Map.entry(n, distance(name, n)))
                .filter(e -> e.getValue() <= Math.max(2, name.length() / 4) || e.getKey().startsWith(name))
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(5).map(Map.Entry::getKey).toList();
        return close.isEmpty() ? "; check the name with https://packages.debian.org"
                : "; did you mean " + String.join(", ", close) + "?";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private boolean satisfied(List<Relation> group, Map<String, Resolved> chosen) {
        for (Relation r : group) {
            if (chosen.values().stream().anyMatch(c -> c.pkg().satisfies(r))) {
                return true;
            }
            // A base package we replace with a newer one no longer counts as the base's.
            if (base.satisfier(r).filter(b -> !chosen.containsKey(b.name())).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** apt's choice for an unsatisfied group: the first alternative with a real package, else a provider. */
    private Optional<DebPackage> choose(List<Relation> group) {
        for (Relation r : group) {
            Optional<DebPackage> real = index.versions(r.name()).stream().filter(p -> p.satisfies(r)).findFirst();
            if (real.isPresent()) {
                return real;
            }
        }
        for (Relation r : group) {
            Optional<DebPackage> provider = index.providers(r.name()).stream().filter(p -> p.satisfies(r))
                    .min(Comparator.comparing(DebPackage::name));
            if (provider.isPresent()) {
                return provider;
            }
        }
        return Optional.empty();
    }

    private void checkClashes(Map<String, Resolved> chosen) {
        List<String> clashes = new ArrayList<>();
        for (Resolved r : chosen.values()) {
            for (InstalledPackages.Clash c : base.clashesWith(r.pkg())) {
                if (!chosen.containsKey(c.basePackage())) { // an upgraded base package is replaced, not kept
                    clashes.add(c.message());
                }
            }
            for (Resolved o : chosen.values()) {
                if (o == r) {
                    continue;
                }
                for (Relation c : r.pkg().conflicts()) {
                    if (o.pkg().satisfies(c) && !c.name().equals(r.pkg().name())) {
                        clashes.add(r.pkg().name() + " conflicts with " + o.pkg().name() + " (" + c + "), both needed");
                    }
                }
                for (Relation c : r.pkg().breaks()) {
                    if (o.pkg().satisfies(c) && !c.name().equals(r.pkg().name())) {
                        clashes.add(r.pkg().name() + " breaks " + o.pkg().name() + " (" + c + "), both needed");
                    }
                }
            }
        }
        if (!clashes.isEmpty()) {
            throw new OdooImageException("the system packages clash with the base image or each other: "
                    + String.join("; ", clashes) + ". Drop or change the package that brings them in"
                    + " (see the 'via' chain with -X), or use a base image without the clashing package");
        }
    }

    private static String join(List<Relation> group) {
        return String.join(" | ", group.stream().map(Relation::toString).toList());
    }
}
