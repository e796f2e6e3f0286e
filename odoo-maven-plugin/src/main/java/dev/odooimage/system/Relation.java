package dev.odooimage.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One alternative of a Debian relationship field ({@code libc6 (>= 2.34)}, {@code python3:any}):
 * a package name, an optional architecture qualifier and an optional version relation.
 */
public record Relation(String name, Optional<String> op, Optional<DebVersion> version) {

    /**
     * A relationship field ({@code Depends}, {@code Pre-Depends}, {@code Conflicts} ...): groups
     * separated by commas, alternatives inside a group by {@code |}. Architecture restrictions
     * ({@code [amd64]}) that exclude {@code arch} drop the alternative; build profiles are ignored
     * (binary package fields do not carry them).
     */
    public static List<List<Relation>> parseField(String field, String arch) {
        List<List<Relation>> groups = new ArrayList<>();
        if (field == null || field.isBlank()) {
            return groups;
        }
        for (String group : field.replace('\n', ' ').split(",")) {
            if (group.isBlank()) {
                continue;
            }
            List<Relation> alts = new ArrayList<>();
            for (String alt : group.split("\\|")) {
                Relation r = parseOne(alt.trim(), arch);
                if (r != null) {
                    alts.add(r);
                }
            }
            if (!alts.isEmpty()) {
                groups.add(List.copyOf(alts));
            }
        }
        return groups;
    }

    private static Relation parseOne(String s, String arch) {
        String rest = s;
        int lt = rest.indexOf('<');
        int paren = rest.indexOf('(');
        if (lt >= 0 && (paren < 0 || lt < paren)) {
            rest = rest.substring(0, lt).trim(); // build profile without a version: not for binary packages
        }
        int bracket = rest.indexOf('[');
        if (bracket >= 0) {
            String archs = rest.substring(bracket + 1, rest.indexOf(']', bracket)).trim();
            rest = rest.substring(0, bracket).trim();
            if (!archMatches(archs, arch)) {
                return null;
            }
        }
        String name = rest;
        Optional<String> op = Optional.empty();
        Optional<DebVersion> version = Optional.empty();
        int open = rest.indexOf('(');
        if (open >= 0) {
            name = rest.substring(0, open).trim();
            String inner = rest.substring(open + 1, rest.indexOf(')', open)).trim();
            int i = 0;
            while (i < inner.length() && "<>=".indexOf(inner.charAt(i)) >= 0) {
                i++;
            }
            String o = inner.substring(0, i);
            // "<" and ">" alone are the deprecated spellings of "<=" and ">=".
            o = switch (o) {
                case "<" -> "<=";
                case ">" -> ">=";
                default -> o;
            };
            op = Optional.of(o);
            version = Optional.of(DebVersion.parse(inner.substring(i).trim()));
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon); // :any / :native / :<arch> - one architecture here
        }
        return new Relation(name.trim(), op, version);
    }

    private static boolean archMatches(String archs, String arch) {
        boolean negated = false;
        boolean listed = false;
        for (String a : archs.split("\\s+")) {
            if (a.startsWith("!")) {
                negated = true;
                if (a.substring(1).equals(arch) || a.substring(1).equals("any")) {
                    return false;
                }
            } else if (a.equals(arch) || a.equals("any") || a.equals("linux-any") || a.equals("all")) {
                listed = true;
            }
        }
        return negated || listed;
    }

    /** Whether {@code candidate} satisfies this relation's version constraint (true when it has none). */
    public boolean accepts(DebVersion candidate) {
        if (version.isEmpty()) {
            return true;
        }
        int c = candidate.compareTo(version.get());
        return switch (op.orElseThrow()) {
            case "<<" -> c < 0;
            case "<=" -> c <= 0;
            case "=" -> c == 0;
            case ">=" -> c >= 0;
            case ">>" -> c > 0;
            default -> throw new IllegalArgumentException("unknown version relation '" + op.get() + "'");
        };
    }

    @Override
    public String toString() {
        return version.map(v -> name + " (" + op.orElseThrow() + " " + v + ")").orElse(name);
    }
}
