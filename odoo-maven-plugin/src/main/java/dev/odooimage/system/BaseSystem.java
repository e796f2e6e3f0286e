package dev.odooimage.system;

import java.util.Map;
import java.util.Optional;

/**
 * What the system-package goals need to know of the base image: its dpkg status text, the
 * codename of its Debian release ({@code /etc/os-release} VERSION_CODENAME) and its
 * architecture (Debian's name: amd64, arm64), and its top-level directory links
 * ({@code /bin -> usr/bin} on a merged-/usr system). How it was read is the caller's business.
 */
public record BaseSystem(String dpkgStatus, Optional<String> codename, String arch, Map<String, String> rootLinks) {

    /** Top-level names that merged-/usr turns into links. */
    public static final java.util.List<String> MERGED_USR_DIRS = java.util.List.of("bin", "sbin", "lib", "lib32",
            "lib64", "libx32", "libo32");

    public BaseSystem {
        rootLinks = Map.copyOf(rootLinks);
    }

    /** Debian's architecture name for an OCI one (amd64, arm64 ...). */
    public static String debianArch(String ociArch, String variant) {
        return switch (ociArch) {
            case "arm" -> "v7".equals(variant) ? "armhf" : "armel";
            case "386" -> "i386";
            case "ppc64le" -> "ppc64el";
            default -> ociArch;
        };
    }

    /** VERSION_CODENAME of an os-release text. */
    public static Optional<String> codenameOf(String osRelease) {
        return osRelease.lines().filter(l -> l.startsWith("VERSION_CODENAME="))
                .map(l -> l.substring(17).replace("\"", "").trim()).filter(s -> !s.isEmpty()).findFirst();
    }

    public InstalledPackages installed() {
        return InstalledPackages.parse(dpkgStatus, arch);
    }
}
