package dev.odooimage.system;

import java.util.Objects;

/**
 * A Debian package version, {@code [epoch:]upstream[-revision]}, ordered as deb-version(7) and
 * {@code dpkg --compare-versions} order them (a differential test holds us to dpkg).
 */
public final class DebVersion implements Comparable<DebVersion> {
    private final String text;
    private final int epoch;
    private final String upstream;
    private final String revision;

    private DebVersion(String text, int epoch, String upstream, String revision) {
        this.text = text;
        this.epoch = epoch;
        this.upstream = upstream;
        this.revision = revision;
    }

    /** Parses a version; throws {@link IllegalArgumentException} naming what is wrong. */
    public static DebVersion parse(String text) {
        String v = text.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("empty version");
        }
        int epoch = 0;
        int colon = v.indexOf(':');
        String rest = v;
        if (colon >= 0) {
            String e = v.substring(0, colon);
            if (e.isEmpty() || !e.chars().allMatch(Character::isDigit) || e.length() > 9) {
                throw new IllegalArgumentException("bad epoch in version '" + text + "'");
            }
            epoch = Integer.parseInt(e);
            rest = v.substring(colon + 1);
        }
        int dash = rest.lastIndexOf('-');
        String up = dash >= 0 ? rest.substring(0, dash) : rest;
        String rev = dash >= 0 ? rest.substring(dash + 1) : "";
        if (up.isEmpty() || !Character.isDigit(up.charAt(0))) {
            throw new IllegalArgumentException("version '" + text + "' must start with a digit");
        }
        for (char c : rest.toCharArray()) {
            if (!(Character.isLetterOrDigit(c) && c < 128) && ".+-~:".indexOf(c) < 0) {
                throw new IllegalArgumentException("invalid character '" + c + "' in version '" + text + "'");
            }
        }
        return new DebVersion(v, epoch, up, rev);
    }

    public String text() {
        return text;
    }

    @Override
    public int compareTo(DebVersion o) {
        int c = Integer.compare(epoch, o.epoch);
        if (c != 0) {
            return c;
        }
        c = compareFragment(upstream, o.upstream);
        return c != 0 ? c : compareFragment(revision, o.revision);
    }

    /** deb-version(7): alternate non-digit runs (compared by {@link #order}) and digit runs (numerically). */
    static int compareFragment(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !Character.isDigit(a.charAt(i)))
                    || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int ac = i < a.length() ? order(a.charAt(i)) : 0;
                int bc = j < b.length() ? order(b.charAt(j)) : 0;
                if (ac != bc) {
                    return Integer.compare(ac, bc);
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            while (i < a.length() && Character.isDigit(a.charAt(i))
                    && j < b.length() && Character.isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && Character.isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && Character.isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }

    /** dpkg's order(): '~' sorts before everything, even the end; letters before other symbols. */
    private static int order(char c) {
        if (Character.isDigit(c)) {
            return 0;
        }
        if (Character.isLetter(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DebVersion d && compareTo(d) == 0;
    }

    @Override
    public int hashCode() {
        // Equal versions may be spelled differently ("1.0" and "1.00", "1" and "1-0"): hash what they share.
        return Objects.hash(epoch);
    }

    @Override
    public String toString() {
        return text;
    }
}
