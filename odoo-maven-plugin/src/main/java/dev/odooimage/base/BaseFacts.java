package dev.odooimage.base;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the build needs to know about its base image, read from the image itself (config and
 * files) rather than declared by hand. Immutable; {@link #of} is the only way to make one.
 *
 * @param image     the reference as configured
 * @param digest    the digest the files were read (and cached) by
 * @param config    architecture, os, user, env of the image config
 * @param osRelease {@code /etc/os-release}
 * @param libc      glibc (version), musl, or none
 * @param pythons   every CPython interpreter found, by canonical path
 * @param accounts  {@code /etc/passwd} and {@code /etc/group}
 * @param dpkgStatus the text of {@code /var/lib/dpkg/status}, empty when the image has none (what
 *                  the Debian package goals lock and build against)
 * @param rootLinks the top-level names that are symlinks ({@code bin -> usr/bin} on merged /usr)
 */
public record BaseFacts(String image, String digest, BaseImageConfig config, OsRelease osRelease, Libc libc,
        List<PythonInstall> pythons, ImageAccounts accounts, Optional<String> dpkgStatus,
        Map<String, String> rootLinks) {

    /** Where {@link #dpkgStatus} is read from. */
    public static final String DPKG_STATUS = "/var/lib/dpkg/status";

    public BaseFacts {
        pythons = List.copyOf(pythons);
        rootLinks = Collections.unmodifiableMap(new TreeMap<>(rootLinks));
    }

    /** The same facts for the image asked by another reference (a digest's facts do not depend on it). */
    public BaseFacts withImage(String reference) {
        return new BaseFacts(reference, digest, config, osRelease, libc, pythons, accounts, dpkgStatus, rootLinks);
    }

    /** Facts already derived in this JVM, by the (immutable, reused: {@link BaseImageCache}) files. */
    private static final Map<BaseImageFiles, BaseFacts> DERIVED = Collections.synchronizedMap(new WeakHashMap<>());

    /** The facts of {@code files}; derived once per loaded cache entry (the goals of a build share them). */
    public static BaseFacts of(BaseImageFiles files) {
        BaseFacts known = DERIVED.get(files);
        if (known != null) {
            return known;
        }
        BaseFacts facts = derive(files);
        DERIVED.put(files, facts);
        return facts;
    }

    private static BaseFacts derive(BaseImageFiles files) {
        DpkgStatus dpkg = DpkgStatus.of(files);
        Map<String, String> rootLinks = new TreeMap<>();
        for (String name : files.list("/")) {
            files.linkTarget("/" + name).ifPresent(target -> rootLinks.put(name, target));
        }
        return new BaseFacts(files.image(), files.digest(), files.config(), OsRelease.of(files), Libc.of(files, dpkg),
                PythonInstall.find(files, dpkg, files.config()), ImageAccounts.of(files),
                files.readString(DPKG_STATUS), rootLinks);
    }

    /** {@code x86_64}, {@code aarch64}: the machine as Python and wheel tags name it. */
    public String machine() {
        return config.machine();
    }

    /** What base-info prints: one fact per line. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("image:        " + image);
        lines.add("digest:       " + digest);
        lines.add("platform:     " + config.os() + "/" + config.architecture()
                + (config.variant().isEmpty() ? "" : "/" + config.variant()) + " (machine " + machine() + ")");
        lines.add("user:         " + (config.user().isEmpty() ? "(root, no USER)" : config.user()));
        lines.add("os-release:   " + (osRelease.fields().isEmpty() ? "(none)"
                : osRelease.id() + " " + osRelease.versionId() + " " + osRelease.versionCodename()
                        + (osRelease.prettyName().isEmpty() ? "" : " (" + osRelease.prettyName() + ")")));
        lines.add("libc:         " + libc.kind().name().toLowerCase(java.util.Locale.ROOT)
                + (libc.version().isEmpty() ? "" : " " + libc.version()) + " [" + libc.evidence() + "]");
        if (pythons.isEmpty()) {
            lines.add("python:       (none found: no .../bin/python3.X with its lib/python3.X/os.py)");
        }
        for (PythonInstall p : pythons) {
            lines.add("python:       " + p.interpreter() + " " + p.version()
                    + (p.fullVersionSource().isEmpty() ? " (full version unknown)" : " [" + p.fullVersionSource() + "]")
                    + (p.soabi().isEmpty() ? "" : " soabi " + p.soabi()) + " stdlib " + p.stdlib());
        }
        lines.add("users:        " + accounts.users().stream().map(u -> u.name() + "=" + u.uid() + ":" + u.gid())
                .collect(Collectors.joining(" ")));
        lines.add("groups:       " + accounts.groups().stream().map(g -> g.name() + "=" + g.gid())
                .collect(Collectors.joining(" ")));
        return lines;
    }
}
