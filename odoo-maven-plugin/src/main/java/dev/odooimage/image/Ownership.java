package dev.odooimage.image;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.odooimage.util.OdooImageException;

/** Numeric owner of an image file: names would depend on the base image's /etc/passwd. */
public record Ownership(int uid, int gid) {
    public static final Ownership ROOT = new Ownership(0, 0);
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9}):(\\d{1,9})");

    public Ownership {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid and gid must be >= 0");
        }
    }

    /** Parses {@code "uid:gid"}; {@code what} names the setting in the error message. */
    public static Ownership parse(String text, String what) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new OdooImageException(what + " is '" + text + "': expected numeric 'uid:gid', for example 1000:1000"
                    + " (names are not allowed: the base image may not know them)");
        }
        return new Ownership(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The form Jib's build plan and the OCI {@code User} field use. */
    @Override
    public String toString() {
        return uid + ":" + gid;
    }
}
