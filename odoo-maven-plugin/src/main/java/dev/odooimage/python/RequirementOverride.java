package dev.odooimage.python;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code requirements-overrides.in}, in one of three explicit forms:
 * <ul>
 * <li>{@code name<spec>}: replaces every active line of that package;</li>
 * <li>{@code a -> b==x}: substitutes package {@code a} by the requirement {@code b==x};</li>
 * <li>{@code !name}: drops the package.</li>
 * </ul>
 *
 * @param target      normalised name of the package the override acts on
 * @param replacement the requirement put in its place, null for a drop
 */
public record RequirementOverride(Kind kind, String target, Requirement replacement, String origin, String text) {
    private static final Pattern DROP = Pattern.compile("!\\s*([A-Za-z0-9][A-Za-z0-9._-]*)");
    private static final Pattern SUBSTITUTE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)\\s*->\\s*(.+)");

    public enum Kind {
        REPLACE, SUBSTITUTE, DROP
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public static RequirementOverride parse(String text, String origin) {
        Matcher m = DROP.matcher(text);
        if (m.matches()) {
            return new RequirementOverride(Kind.DROP, Requirement.normalizeName(m.group(1)), null, origin, text);
        }
        if (text.startsWith("!")) {
            throw new IllegalArgumentException("a drop is '!name' with no version or marker");
        }
        m = SUBSTITUTE.matcher(text);
        if (m.matches()) {
            return new RequirementOverride(Kind.SUBSTITUTE, Requirement.normalizeName(m.group(1)),
                    Requirement.parse(m.group(2)), origin, text);
        }
        if (text.contains("->")) {
            throw new IllegalArgumentException("a substitution is 'old-name -> new-name<spec>'");
        }
        Requirement r = Requirement.parse(text);
        return new RequirementOverride(Kind.REPLACE, r.key(), r, origin, text);
    }
}
