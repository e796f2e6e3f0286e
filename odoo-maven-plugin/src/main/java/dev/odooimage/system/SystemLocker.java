package dev.odooimage.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.odooimage.system.SystemRequests.Request;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * {@code odoo:system-lock}: resolves the asked-for packages against the base image's dpkg
 * database and a verified archive snapshot, and writes the lock. Also the build-time check
 * that the committed lock still matches its inputs.
 */
public final class SystemLocker {
    private final ArchiveClient client;
    private final Consumer<String> log;

    public SystemLocker(ArchiveClient client, Consumer<String> log) {
        this.client = client;
        this.log = log;
    }

    /**
     * The digest of what the lock depends on: the requests as written, the suite, components and
     * architecture, and the base image's dpkg status (a new base means a new resolution). Not the
     * archive URL: any mirror serving the same files gives the same lock.
     */
    public static String inputsDigest(SystemRequests requests, ArchiveSource source, String baseStatus) {
        return inputsDigest(requests, List.of(source), baseStatus);
    }

    /** As above for several sources: their suites count (not their URLs), in order. */
    public static String inputsDigest(SystemRequests requests, List<ArchiveSource> sources, String baseStatus) {
        ArchiveSource first = sources.get(0);
        return Digests.sha256Hex("system-lock/1\n" + requests.canonical() + "suite "
                + String.join(" ", sources.stream().map(ArchiveSource::suite).toList())
                + "\ncomponents " + String.join(" ", first.components()) + "\narch " + first.arch()
                + "\nbase-status " + Digests.sha256Hex(baseStatus) + "\n");
    }

    /** Resolves from one source and writes {@code lockFile} (atomically); returns the lock. */
    public SystemLock lock(SystemRequests requests, ArchiveSource source, InstalledPackages base, Path lockFile) {
        return lock(requests, List.of(source), base, lockFile);
    }

    /**
     * Resolves against several sources at once, as apt over its sources.list: each InRelease
     * verified, the newest version of a package across them chosen, the lock recording each source
     * and which one every package comes from.
     */
    public SystemLock lock(SystemRequests requests, List<ArchiveSource> sources, InstalledPackages base,
            Path lockFile) {
        long t0 = System.nanoTime();
        List<ArchiveClient.Snapshot> snaps = new ArrayList<>();
        Map<DebPackage, ArchiveClient.Snapshot> origin = new java.util.IdentityHashMap<>();
        for (ArchiveSource source : sources) {
            ArchiveClient.Snapshot snap = client.snapshot(source);
            snaps.add(snap);
            snap.index().all().forEach(p -> origin.put(p, snap));
            log.accept("Archive " + source.url() + " " + snap.release().codename() + " (" + snap.release().date()
                    + "), " + snap.index().size() + " packages indexed for " + source.arch());
        }
        ArchiveSource source = sources.get(0);
        PackageIndex index = snaps.size() == 1 ? snaps.get(0).index()
                : PackageIndex.merge(snaps.stream().map(ArchiveClient.Snapshot::index).toList(), source.arch());
        Map<Request, DebPackage> byUrl = new LinkedHashMap<>();
        Map<Request, Path> debs = new LinkedHashMap<>();
        for (Request r : requests.requests()) {
            if (r.isUrl()) {
                Path deb = client.download(r.url().get(), r.sha256().get(), ".deb");
                debs.put(r, deb);
                byUrl.put(r, DebPackage.of(DebFile.open(deb).control(), source.arch()));
            }
        }
        Resolver.Result result = new Resolver(index, base).resolve(requests, byUrl);
        result.alreadyInBase().forEach(p -> log.accept("Already in the base image: " + p));
        List<SystemLock.Entry> entries = new ArrayList<>();
        for (Resolver.Resolved r : result.packages()) {
            DebPackage p = r.pkg();
            if (r.byUrl().isPresent()) {
                Request req = r.byUrl().get();
                long size;
                try {
                    size = Files.size(debs.get(req));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                entries.add(new SystemLock.Entry(p.name(), p.version().text(), p.arch(), req.sha256().get(), size,
                        Optional.empty(), Optional.of(req.url().get().toString()), r.why()));
            } else {
                Deb822 f = p.paragraph();
                ArchiveClient.Snapshot from = origin.get(p);
                entries.add(new SystemLock.Entry(p.name(), p.version().text(), p.arch(), f.require("SHA256"),
                        Long.parseLong(f.require("Size")), Optional.of(f.require("Filename")), Optional.empty(),
                        r.why(), snaps.size() == 1 ? Optional.empty() : Optional.ofNullable(from).map(x -> archive(x).name())));
            }
        }
        SystemLock lock = new SystemLock(inputsDigest(requests, sources, base.statusText()),
                snaps.stream().map(SystemLocker::archive).toList(), List.copyOf(entries));
        lock.writeTo(lockFile);
        log.accept("Wrote " + lockFile + ": " + entries.size() + " package(s) in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return lock;
    }

    private static SystemLock.Archive archive(ArchiveClient.Snapshot snap) {
        ArchiveSource s = snap.source();
        return new SystemLock.Archive(s.url().toString(), snap.release().suite(), snap.release().codename().isBlank()
                ? s.suite() : snap.release().codename(), s.components(), s.arch(), snap.inReleaseSha256(),
                snap.release().date());
    }

    /**
     * Whether the base image already has every asked-for package (by name, at the pinned version
     * if any; never a {@code .deb} by URL): then there is nothing to add, and no lock is needed.
     */
    public static boolean allInBase(SystemRequests requests, InstalledPackages base) {
        return requests.requests().stream().allMatch(r -> !r.isUrl() && base.get(r.name())
                .filter(p -> r.version().map(v -> DebVersion.parse(v).equals(p.version())).orElse(true)).isPresent());
    }

    /**
     * The committed lock, when it matches {@code requests}; otherwise a failure that names the
     * command to run. Nothing asked for and no lock is an empty lock.
     */
    public static Optional<SystemLock> check(Path lockFile, SystemRequests requests, String inputsDigest) {
        return check(lockFile, requests, inputsDigest, " (or the build with -Dodoo.system.refresh)");
    }

    /** As {@link #check(Path, SystemRequests, String)}, {@code orRefresh} naming another way to re-lock, if any. */
    static Optional<SystemLock> check(Path lockFile, SystemRequests requests, String inputsDigest, String orRefresh) {
        Optional<SystemLock> lock = SystemLock.read(lockFile);
        if (requests.isEmpty() && lock.map(l -> l.packages().isEmpty()).orElse(true)) {
            return Optional.empty();
        }
        if (lock.isEmpty()) {
            throw new OdooImageException(requests.file() + " asks for " + requests.requests().size()
                    + " package(s) but " + lockFile + " is missing or empty: run `" + SystemLock.REFRESH
                    + "`" + orRefresh + ", review and commit the lock");
        }
        if (!lock.get().inputsSha256().equals(inputsDigest)) {
            throw new OdooImageException(lockFile + " is out of date: " + requests.file().getFileName()
                    + ", the base image or the suite changed since it was written. Run `" + SystemLock.REFRESH
                    + "`" + orRefresh + ", review the diff and commit it");
        }
        return lock;
    }
}
