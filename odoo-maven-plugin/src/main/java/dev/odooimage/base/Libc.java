package dev.odooimage.base;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C library of a base image, which decides which compiled wheels run in it.
 *
 * @param kind     glibc, musl, or none found
 * @param version  {@code 2.36} for glibc; empty when unknown
 * @param evidence what told it: {@code dpkg libc6 2.36-9+deb12u10}, a file path...
 */
public record Libc(Kind kind, String version, String evidence) {

    public enum Kind {
        GLIBC, MUSL, NONE
    }

    private static final Pattern MUSL_LOADER = Pattern.compile("/(usr/)?lib/ld-musl-[^/]+\\.so\\.1");
    private static final Pattern VERSIONED_LIBC = Pattern.compile(".*/libc-(2\\.[0-9]+)\\.so");
    private static final Pattern GLIBC_VERSION = Pattern.compile("2\\.[0-9]+");

    /** Looks, in order, for musl's loader, dpkg's libc6, a versioned libc file name, a libc banner. */
    public static Libc of(BaseImageFiles files, DpkgStatus dpkg) {
        for (BaseImageEntry e : files.find(MUSL_LOADER)) {
            return new Libc(Kind.MUSL, "", e.path());
        }
        Optional<DpkgStatus.Package> libc6 = dpkg.installed("libc6");
        if (libc6.isPresent()) {
            Matcher m = GLIBC_VERSION.matcher(libc6.get().upstreamVersion());
            if (m.lookingAt()) {
                return new Libc(Kind.GLIBC, m.group(), "dpkg status: libc6 " + libc6.get().version());
            }
        }
        for (BaseImageEntry e : files.find(VERSIONED_LIBC)) {
            Matcher m = VERSIONED_LIBC.matcher(e.path());
            if (m.matches()) {
                return new Libc(Kind.GLIBC, m.group(1), e.path());
            }
        }
        for (Map.Entry<String, String> banner : new java.util.TreeMap<>(files.libcBanners()).entrySet()) {
            return new Libc(Kind.GLIBC, banner.getValue(), banner.getKey() + " (its version banner)");
        }
        return new Libc(Kind.NONE, "", "no libc6 package, libc.so.6 or musl loader");
    }
}
