package dev.odooimage.system;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;

/**
 * {@code system-build-packages.lock}: the Debian packages of the throw-away builder container
 * (compilers, headers), resolved from {@code system-build-packages.txt} with the same trust as
 * the runtime lock (signed InRelease, sha256 per .deb, drift fails the build). Same deb822
 * format as {@link SystemLock}, its own file and header. It is resolved against the base image
 * alone, not base + runtime packages: the builder is then the base plus one layer, and it does
 * not depend on the order in which the runtime and Python goals run (the Python goals run first).
 */
public final class BuildPackagesLock {
    public static final String FILE_NAME = "system-build-packages.lock";
    static final String HEADER = "# " + FILE_NAME + ": the Debian packages of the builder container that compiles"
            + " source-only\n# Python packages, resolved by `" + SystemLock.REFRESH + "` from"
            + " system-build-packages.txt.\n# They never reach the image. Review it and commit it; do not edit it"
            + " by hand.\n";

    private BuildPackagesLock() {
    }

    /** Resolves {@code requests} and writes {@code lockFile} atomically with the builder's header. */
    public static SystemLock lock(SystemLocker locker, SystemRequests requests, List<ArchiveSource> sources,
            InstalledPackages base, Path lockFile) {
        Path tmp = lockFile.resolveSibling("." + lockFile.getFileName() + ".resolving");
        try {
            SystemLock lock = locker.lock(requests, sources, base, tmp);
            AtomicFiles.writeString(lockFile, render(lock));
            return lock;
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(tmp);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The lock's text: the runtime lock's body under this file's own comment header. */
    public static String render(SystemLock lock) {
        String text = lock.write();
        return HEADER + text.substring(text.indexOf("Lock-Sha256:"));
    }

    /**
     * The committed build lock when it matches {@code requests} and the base; empty when nothing
     * is asked for. Drift and a missing lock fail with the command to run.
     */
    public static Optional<SystemLock> check(Path lockFile, SystemRequests requests, List<ArchiveSource> sources,
            String baseStatus) {
        // -Dodoo.system.refresh re-locks the runtime packages only: odoo:system-lock is the one way here.
        return SystemLocker.check(lockFile, requests, SystemLocker.inputsDigest(requests, sources, baseStatus), "");
    }

    /** What identifies the builder's packages (the lock's own checksum line, over every entry). */
    public static String digest(SystemLock lock) {
        return Digests.sha256Hex(render(lock));
    }

}
