package dev.odooimage.aggregate;

import dev.odooimage.util.UrlMask;
import java.nio.file.Path;
import java.util.Locale;

import dev.odooimage.repos.GitAccess;
import dev.odooimage.util.Digests;

/**
 * The shared object cache: one bare repository per remote URL under {@code root}
 * (default {@code ~/.cache/odoo-image-maven/git}), shared by every build and project of
 * the user. The entry name is a hash of the URL without credentials, so a token change
 * keeps the cache and no secret appears in a path.
 */
public record GitCache(Path root) {

    public static Path defaultRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("odoo-image-maven").resolve("git");
    }

    CacheEntry entry(String url, GitAccess access, AggregateLog log) {
        return new CacheEntry(root.resolve(entryName(url)), url, access, log);
    }

    /** The URL without its userinfo: the identity of a remote, whatever token reaches it. */
    static String stripUserinfo(String url) {
        return url.replaceFirst("(?<=://)[^/@\\s]+@", "");
    }

    static String entryName(String url) {
        String identity = stripUserinfo(url).trim();
        while (identity.endsWith("/")) {
            identity = identity.substring(0, identity.length() - 1);
        }
        String last = identity.substring(identity.lastIndexOf('/') + 1).replaceAll("\\.git$", "")
                .replaceAll("[^A-Za-z0-9._-]", "_").toLowerCase(Locale.ROOT);
        if (last.isEmpty() || last.length() > 40) {
            last = last.isEmpty() ? "repo" : last.substring(0, 40);
        }
        return last + "-" + Digests.sha256Hex(identity).substring(0, 16) + ".git";
    }
}
