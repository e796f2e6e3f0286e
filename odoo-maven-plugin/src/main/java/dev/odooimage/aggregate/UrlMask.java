package dev.odooimage.aggregate;

import java.util.regex.Pattern;

/**
 * Hides credentials written into remote URLs ({@code https://user:token@host/...}) before
 * they reach a log line, an exception message or src.json. Private to this package on
 * purpose: the lock goal has its own; the two will be merged.
 */
final class UrlMask {
    private static final Pattern USERINFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private UrlMask() {
    }

    /** {@code https://user:secret@host/x} becomes {@code https://***@host/x}; other URLs are unchanged. */
    static String mask(String url) {
        return url == null ? null : USERINFO.matcher(url).replaceAll("***@");
    }

    /** The URL without its userinfo: the identity of a remote, independent of the token used. */
    static String strip(String url) {
        return url == null ? null : USERINFO.matcher(url).replaceAll("");
    }

    /** Masks every URL-like userinfo inside a free text (JGit messages repeat the URL). */
    static String maskText(String text) {
        return text == null ? null : USERINFO.matcher(text).replaceAll("***@");
    }
}
