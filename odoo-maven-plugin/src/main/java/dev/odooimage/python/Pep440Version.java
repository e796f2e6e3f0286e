package dev.odooimage.python;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version, compared as {@code packaging.version.Version} compares them. Only what
 * marker evaluation needs: parsing, ordering, and the release segment.
 */
public final class Pep440Version implements Comparable<Pep440Version> {
    private static final Pattern PATTERN = Pattern.compile(
            "v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?<pre>[-_.]?(?<prel>alpha|beta|preview|pre|rc|a|b|c)[-_.]?(?<pren>[0-9]+)?)?"
                    + "(?<post>-(?<postn1>[0-9]+)|[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?)?"
                    + "(?<dev>[-_.]?dev[-_.]?(?<devn>[0-9]+)?)?"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?");

    private final BigInteger epoch;
    private final List<BigInteger> release;
    private final String preLabel; // a, b, rc or null
    private final BigInteger pre;
    private final BigInteger post; // null: none
    private final BigInteger dev; // null: none
    private final String local;

    private Pep440Version(BigInteger epoch, List<BigInteger> release, String preLabel, BigInteger pre,
            BigInteger post, BigInteger dev, String local) {
        this.epoch = epoch;
        this.release = release;
        this.preLabel = preLabel;
        this.pre = pre;
        this.post = post;
        this.dev = dev;
        this.local = local;
    }

    /** Parses {@code text}, or returns null when it is not a valid PEP 440 version. */
    public static Pep440Version parseOrNull(String text) {
        Matcher m = PATTERN.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        List<BigInteger> rel = new ArrayList<>();
        for (String part : m.group("release").split("\\.")) {
            rel.add(new BigInteger(part));
        }
        String preLabel = null;
        BigInteger pre = null;
        if (m.group("pre") != null) {
            preLabel = switch (m.group("prel")) {
                case "alpha", "a" -> "a";
                case "beta", "b" -> "b";
                default -> "rc";
            };
            pre = m.group("pren") == null ? BigInteger.ZERO : new BigInteger(m.group("pren"));
        }
        BigInteger post = null;
        if (m.group("post") != null) {
            String n = m.group("postn1") != null ? m.group("postn1") : m.group("postn2");
            post = n == null ? BigInteger.ZERO : new BigInteger(n);
        }
        BigInteger dev = null;
        if (m.group("dev") != null) {
            dev = m.group("devn") == null ? BigInteger.ZERO : new BigInteger(m.group("devn"));
        }
        BigInteger epoch = m.group("epoch") == null ? BigInteger.ZERO : new BigInteger(m.group("epoch"));
        return new Pep440Version(epoch, List.copyOf(rel), preLabel, pre, post, dev, m.group("local"));
    }

    public List<BigInteger> release() {
        return release;
    }

    public boolean isPrerelease() {
        return preLabel != null || dev != null;
    }

    public boolean isPostrelease() {
        return post != null;
    }

    public boolean hasLocal() {
        return local != null;
    }

    /** Epoch and release only ({@code packaging}'s {@code base_version}). */
    public Pep440Version baseVersion() {
        return new Pep440Version(epoch, release, null, null, null, null, null);
    }

    /** The public version with the local label removed. */
    public Pep440Version withoutLocal() {
        return new Pep440Version(epoch, release, preLabel, pre, post, dev, null);
    }

    /** The version truncated to its first {@code n} release numbers, nothing else. */
    public Pep440Version releasePrefix(int n) {
        return new Pep440Version(epoch, release.subList(0, Math.min(n, release.size())), null, null, null, null,
                null);
    }

    @Override
    public int compareTo(Pep440Version o) {
        int c = epoch.compareTo(o.epoch);
        if (c != 0) {
            return c;
        }
        int n = Math.max(release.size(), o.release.size());
        for (int i = 0; i < n; i++) {
            BigInteger a = i < release.size() ? release.get(i) : BigInteger.ZERO;
            BigInteger b = i < o.release.size() ? o.release.get(i) : BigInteger.ZERO;
            c = a.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        c = Integer.compare(preRank(), o.preRank());
        if (c != 0) {
            return c;
        }
        if (preLabel != null && o.preLabel != null) {
            c = pre.compareTo(o.pre);
            if (c != 0) {
                return c;
            }
        }
        c = compareNullLow(post, o.post);
        if (c != 0) {
            return c;
        }
        c = compareNullHigh(dev, o.dev);
        if (c != 0) {
            return c;
        }
        if (local == null || o.local == null) {
            return local == null ? (o.local == null ? 0 : -1) : 1;
        }
        return compareLocal(local, o.local);
    }

    /**
     * PEP 440 local labels: segments split on {@code . - _}, numbers compared as numbers and
     * above any alphanumeric segment, a longer label above its prefix.
     */
    private static int compareLocal(String a, String b) {
        String[] x = a.split("[._-]");
        String[] y = b.split("[._-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean nx = x[i].chars().allMatch(Character::isDigit);
            boolean ny = y[i].chars().allMatch(Character::isDigit);
            int c = nx && ny ? new BigInteger(x[i]).compareTo(new BigInteger(y[i]))
                    : nx != ny ? (nx ? 1 : -1) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    // A bare dev release sorts before every pre-release; no pre-release sorts after them.
    private int preRank() {
        if (preLabel == null) {
            return post == null && dev != null ? -1 : 4;
        }
        return switch (preLabel) {
            case "a" -> 1;
            case "b" -> 2;
            default -> 3;
        };
    }

    private static int compareNullLow(BigInteger a, BigInteger b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }

    private static int compareNullHigh(BigInteger a, BigInteger b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return a.compareTo(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pep440Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return epoch.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (epoch.signum() != 0) {
            sb.append(epoch).append('!');
        }
        for (int i = 0; i < release.size(); i++) {
            sb.append(i == 0 ? "" : ".").append(release.get(i));
        }
        if (preLabel != null) {
            sb.append(preLabel).append(pre);
        }
        if (post != null) {
            sb.append(".post").append(post);
        }
        if (dev != null) {
            sb.append(".dev").append(dev);
        }
        if (local != null) {
            sb.append('+').append(local);
        }
        return sb.toString();
    }
}
