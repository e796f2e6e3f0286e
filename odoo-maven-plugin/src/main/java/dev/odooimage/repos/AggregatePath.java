package dev.odooimage.repos;

import java.util.Optional;

/**
 * The one normaliser of aggregate paths: {@code ./oca/web/}, {@code oca/web} and
 * {@code ././oca/web} are the same aggregate, and land in {@code src/oca/web}. Used by the lock
 * model, the addons path, odoo:verify and the Jib extension, so it depends on the JDK only
 * (the extension runs where nothing else is on the class path).
 */
public final class AggregatePath {
    private AggregatePath() {
    }

    /** The path without surrounding blanks, leading {@code ./} and trailing slashes. */
    public static String relative(String path) {
        String p = path.trim();
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /**
     * Why a {@link #relative} path cannot be a directory of its own under src/ (empty,
     * {@code .}, absolute, {@code ..}, a backslash, an empty segment or {@code .git}), or empty.
     */
    public static Optional<String> problem(String relative) {
        if (relative.isEmpty() || relative.equals(".")) {
            return Optional.of("it names the source tree itself");
        }
        if (relative.startsWith("/")) {
            return Optional.of("it is absolute");
        }
        if (relative.contains("\\")) {
            return Optional.of("it holds a backslash");
        }
        for (String s : relative.split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.equals(".git")) {
                return Optional.of("it holds the segment '" + s + "'");
            }
        }
        return Optional.empty();
    }
}
