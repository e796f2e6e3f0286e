package dev.odooimage.base;

import java.util.regex.Pattern;

/**
 * Which files of a base image the reader keeps (the rest is only indexed: path, type, mode,
 * owner, size, link). Fixed, so that a cache entry is a function of the image digest alone;
 * bump {@link BaseImageCache#FORMAT} when this changes. Small text files only: a layer is
 * streamed, never held whole.
 */
final class KeptFiles {
    /** Largest kept file: /var/lib/dpkg/status of a large image is a few MB. */
    static final long MAX_SIZE = 16L * 1024 * 1024;
    /** Configuration files (passwd, group, os-release, ld.so.conf, apt sources, ...). */
    private static final long ETC_MAX_SIZE = 1024L * 1024;
    private static final Pattern PATCHLEVEL = Pattern.compile("/(usr/|usr/local/|opt/[^/]+/)?include/python3\\.[0-9]+[a-z]*/patchlevel\\.h");
    /** libc files whose embedded banner names the glibc version (see {@link LayerContent}). */
    static final Pattern LIBC = Pattern.compile(".*/(libc\\.so\\.6|libc-2\\.[0-9]+\\.so)");

    private KeptFiles() {
    }

    static boolean kept(String path, long size) {
        if (size > MAX_SIZE) {
            return false;
        }
        if (path.startsWith("/etc/")) {
            return size <= ETC_MAX_SIZE;
        }
        return path.startsWith("/var/lib/dpkg/")
                || path.equals("/usr/lib/os-release") || path.equals("/lib/os-release")
                || path.equals("/lib/apk/db/installed") || path.equals("/usr/lib/apk/db/installed")
                || PATCHLEVEL.matcher(path).matches();
    }

    /** What {@link #kept} keeps, for messages. */
    static String describe() {
        return "/etc/*, /var/lib/dpkg/*, /usr/lib/os-release, include/python3.X/patchlevel.h";
    }
}
