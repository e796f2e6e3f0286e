package dev.odooimage.python;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PEP 508 requirement: {@code name[extras] specifiers ; marker}. Direct URL requirements
 * ({@code name @ url}) are refused: they cannot be hash-locked through an index.
 */
public record Requirement(String name, List<String> extras, String specifier, Marker marker) {
    private static final Pattern HEAD = Pattern.compile(
            "([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(\\[([^\\]]*)\\])?\\s*(.*)");
    private static final Pattern CLAUSE = Pattern.compile("(===|==|!=|<=|>=|~=|<|>)\\s*[A-Za-z0-9.*+!_-]+");

    /** PEP 503 normalised name: lower case, runs of {@code -_.} become one {@code -}. */
    public static String normalizeName(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code text} */
    public static Requirement parse(String text) {
        String t = text.trim();
        String markerText = null;
        int semi = t.indexOf(';');
        if (semi >= 0) {
            markerText = t.substring(semi + 1).trim();
            t = t.substring(0, semi).trim();
        }
        Matcher m = HEAD.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a requirement (expected name[extras] specifiers ; marker)");
        }
        List<String> extras = m.group(3) == null ? List.of()
                : Arrays.stream(m.group(3).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .map(Requirement::normalizeName).sorted().distinct().toList();
        String spec = m.group(4).trim();
        if (spec.startsWith("@")) {
            throw new IllegalArgumentException("direct URL requirements cannot be locked by hash through an index;"
                    + " publish the package to an index or put its wheel in the wheelhouse");
        }
        if (spec.startsWith("(") && spec.endsWith(")")) {
            spec = spec.substring(1, spec.length() - 1).trim();
        }
        StringBuilder norm = new StringBuilder();
        if (!spec.isEmpty()) {
            for (String clause : spec.split(",")) {
                String c = clause.trim();
                if (!CLAUSE.matcher(c).matches()) {
                    throw new IllegalArgumentException("bad version specifier '" + c + "'");
                }
                norm.append(norm.length() == 0 ? "" : ",").append(c.replaceAll("\\s+", ""));
            }
        }
        Marker marker = null;
        if (markerText != null) {
            if (markerText.isEmpty()) {
                throw new IllegalArgumentException("empty marker after ';'");
            }
            marker = Marker.parse(markerText);
        }
        return new Requirement(m.group(1), extras, norm.toString(), marker);
    }

    /** The normalised project name, used to match lines of the same package. */
    public String key() {
        return normalizeName(name);
    }

    /** {@code name[extras]spec}, the marker left out (it was evaluated for the target). */
    public String toLine() {
        return name + (extras.isEmpty() ? "" : "[" + String.join(",", extras) + "]") + specifier;
    }

    /** The canonical form that input digests use: normalised name, sorted extras and clauses. */
    public String canonical() {
        String[] clauses = specifier.isEmpty() ? new String[0] : specifier.split(",");
        Arrays.sort(clauses);
        return key() + (extras.isEmpty() ? "" : "[" + String.join(",", extras) + "]") + String.join(",", clauses);
    }
}
