package dev.odooimage.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.odooimage.util.OdooImageException;

/**
 * {@code pip check} for the target, done on the build machine: every installed distribution's
 * {@code Requires-Dist} (markers evaluated for the target, with the extras that the inputs and
 * the dependents ask for) must be installed in a matching version, and its
 * {@code Requires-Python} must admit the target. pip is not in the image to do this there.
 */
public final class VenvCheck {
    private VenvCheck() {
    }

    private record Dist(String name, String version, String requiresPython, List<String> requires) {
    }

    /** @throws OdooImageException listing every broken requirement */
    public static void check(Path sitePackages, PythonTarget target, NormalisedInputs inputs) {
        Map<String, Dist> dists = read(sitePackages);
        Map<String, Set<String>> extras = new HashMap<>();
        dists.keySet().forEach(k -> extras.put(k, new TreeSet<>()));
        for (NormalisedInputs.Entry e : inputs.requirements()) {
            extras.computeIfAbsent(e.requirement().key(), k -> new TreeSet<>()).addAll(e.requirement().extras());
        }
        List<String> problems = new ArrayList<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Dist d : dists.values()) {
                for (Requirement r : active(d, target, extras)) {
                    grew |= extras.computeIfAbsent(r.key(), k -> new TreeSet<>()).addAll(r.extras());
                }
            }
        }
        for (Dist d : dists.values()) {
            if (d.requiresPython() != null && !satisfies(d.requiresPython(), target.fullVersion())) {
                problems.add(d.name() + " " + d.version() + " requires Python " + d.requiresPython()
                        + ", the target is " + target.fullVersion());
            }
            for (Requirement r : active(d, target, extras)) {
                Dist dep = dists.get(r.key());
                if (dep == null) {
                    problems.add(d.name() + " " + d.version() + " requires " + r.toLine() + ", which is not installed");
                } else if (!r.specifier().isEmpty() && !satisfies(r.specifier(), dep.version())) {
                    problems.add(d.name() + " " + d.version() + " requires " + r.toLine() + ", but " + dep.name() + " "
                            + dep.version() + " is installed");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new OdooImageException("the venv would be inconsistent (pip check for the target):\n  "
                    + String.join("\n  ", problems) + "\nrequirements.lock.txt does not match its packages'"
                    + " metadata (edited by hand?); refresh it with `" + PythonInputs.REFRESH_COMMAND + "`");
        }
    }

    private static List<Requirement> active(Dist d, PythonTarget target, Map<String, Set<String>> extras) {
        List<Requirement> result = new ArrayList<>();
        for (String text : d.requires()) {
            Requirement r;
            try {
                r = Requirement.parse(text);
            } catch (IllegalArgumentException unparseable) {
                continue; // e.g. a direct URL dependency: pip's resolver vetted it, nothing to compare
            }
            if (r.marker() == null || evaluates(r, target, "")
                    || extras.getOrDefault(Requirement.normalizeName(d.name()), Set.of()).stream()
                            .anyMatch(x -> evaluates(r, target, x))) {
                result.add(r);
            }
        }
        return result;
    }

    private static boolean evaluates(Requirement r, PythonTarget target, String extra) {
        try {
            return r.marker().evaluate(MarkerEnvironment.of(target, extra));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Every clause of {@code specifier} admits {@code version}; clauses that are not versions pass. */
    static boolean satisfies(String specifier, String version) {
        for (String clause : specifier.split(",")) {
            String c = clause.strip();
            if (c.isEmpty()) {
                continue;
            }
            int i = 0;
            while (i < c.length() && "<>=!~".indexOf(c.charAt(i)) >= 0) {
                i++;
            }
            Boolean ok = VersionSpecifier.tryContains(c.substring(0, i), c.substring(i).strip(), version);
            if (Boolean.FALSE.equals(ok)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Dist> read(Path site) {
        Map<String, Dist> dists = new TreeMap<>();
        try (Stream<Path> s = Files.list(site)) {
            for (Path di : s.filter(p -> p.getFileName().toString().endsWith(".dist-info")).sorted().toList()) {
                Path meta = di.resolve("METADATA");
                if (!Files.isRegularFile(meta)) {
                    continue;
                }
                String name = null;
                String version = null;
                String requiresPython = null;
                List<String> requires = new ArrayList<>();
                for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
                    if (line.isEmpty()) {
                        break; // headers end; the description follows
                    }
                    int colon = line.indexOf(':');
                    if (colon < 0 || Character.isWhitespace(line.charAt(0))) {
                        continue;
                    }
                    String v = line.substring(colon + 1).strip();
                    switch (line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT)) {
                        case "name" -> name = v;
                        case "version" -> version = v;
                        case "requires-python" -> requiresPython = v;
                        case "requires-dist" -> requires.add(v);
                        default -> {
                        }
                    }
                }
                if (name != null && version != null) {
                    dists.put(Requirement.normalizeName(name), new Dist(name, version, requiresPython, requires));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + site, e);
        }
        return dists;
    }
}
