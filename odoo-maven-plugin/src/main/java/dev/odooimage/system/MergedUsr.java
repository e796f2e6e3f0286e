package dev.odooimage.system;

import java.util.Map;
import java.util.Optional;

/**
 * Rewrites package paths under the base image's top-level directory links, as dpkg does on a
 * merged-/usr system: {@code ./bin/ls} becomes {@code usr/bin/ls} when the base has
 * {@code /bin -> usr/bin}, and the package's own {@code ./bin/} directory entry is dropped, so a
 * directory is never put where the base has a link.
 */
final class MergedUsr {
    private final Map<String, String> rootLinks;

    MergedUsr(Map<String, String> rootLinks) {
        this.rootLinks = rootLinks;
    }

    /** A tar name ({@code ./usr/bin/x}, {@code usr/bin/x/}) as a relative path without slashes at the ends. */
    static String normalise(String tarName) {
        String n = tarName;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.startsWith("./") ? n.substring(2) : n.substring(1);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n.equals(".") ? "" : n;
    }

    /**
     * The path in the image for a package path (normalised); empty for the entry of a linked
     * directory itself ({@code bin}), which the base already provides as a link.
     */
    Optional<String> rewrite(String path) {
        int slash = path.indexOf('/');
        String top = slash < 0 ? path : path.substring(0, slash);
        String link = rootLinks.get(top);
        if (link == null) {
            return Optional.of(path);
        }
        if (slash < 0) {
            return Optional.empty();
        }
        String target = normalise(link); // "usr/bin" and "/usr/bin" name the same directory here
        return Optional.of(target + path.substring(slash));
    }
}
