package dev.odooimage.util;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides credentials embedded in URLs ({@code https://user:token@host/...}) before a URL
 * reaches a log line, an error message or a written file. ssh's {@code git@host:org/repo}
 * carries no secret and is left alone; any password part is replaced by {@code ***}.
 */
public final class UrlMask {
    // scheme://userinfo@ ; userinfo may hold ':' (user:password) or a lone token.
    private static final Pattern USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/@\\s]+)@");

    private UrlMask() {
    }

    /** The URL with the password of its userinfo (or a lone token user) masked. */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = USERINFO.matcher(url);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String userinfo = m.group(2);
            int colon = userinfo.indexOf(':');
            String masked = colon >= 0 ? userinfo.substring(0, colon) + ":***" : maskLoneUser(userinfo);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + masked + "@"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Masks every URL found inside a free text (an exception message, a git error). */
    public static String maskText(String text) {
        return mask(text);
    }

    /** True when the URL carries a password or token in its userinfo. */
    public static boolean hasSecret(String url) {
        return url != null && !mask(url).equals(url);
    }

    // "https://ghp_xxx@github.com" puts a token in the user part: mask it too. Plain,
    // short account names like "git" or "deploy" are kept because they help diagnose.
    private static String maskLoneUser(String user) {
        return user.length() > 20 || user.matches(".*\\d.*\\d.*\\d.*") && user.length() > 12 ? "***" : user;
    }
}
