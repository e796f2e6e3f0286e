package dev.odooimage.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;
import dev.odooimage.util.Stamp;

/**
 * Turns a committed system lock into the package layer: every .deb fetched by its locked
 * sha256 (from the cache when it is there, so {@code mvn -o} works once warm), verified, then
 * written as one layer tar by {@link PackageLayer}. Skipped when the lock, the base and the
 * file time are unchanged.
 */
public final class SystemLayerBuilder {
    /** Bump when the layer's content changes for the same inputs. */
    static final int FORMAT = 3;
    public static final String LAYER = "packages-layer.tar.gz";
    private final ArchiveClient client;
    private final java.util.function.Function<SystemLock.Archive, Optional<URI>> mirror;
    private final Consumer<String> log;
    private final Consumer<String> warn;

    /**
     * @param mirror where to fetch archive packages from instead of the lock's archive URL (any
     *               mirror serving the same files will do: the sha256 is what counts)
     */
    public SystemLayerBuilder(ArchiveClient client, Optional<URI> mirror, Consumer<String> log, Consumer<String> warn) {
        this(client, a -> mirror, log, warn);
    }

    /**
     * @param mirror per locked archive source, where to fetch its packages instead of the lock's URL
     *               (e.g. one mirror for the release and -updates, another for -security)
     */
    public SystemLayerBuilder(ArchiveClient client, java.util.function.Function<SystemLock.Archive, Optional<URI>> mirror,
            Consumer<String> log, Consumer<String> warn) {
        this.client = client;
        this.mirror = mirror;
        this.log = log;
        this.warn = warn;
    }

    /** The layer tar, its diff id and size, and the shared-libraries misses ("file: library") when it was checked. */
    public record Layer(Path tar, String diffId, long size, int packages, List<String> missingLibraries) {
    }

    /** The base's paths and ld.so.conf.d directories, for the shared-libraries check. */
    public record BaseTree(ImageTree tree, List<String> ldConfDirs) {
    }

    /** Builds (or reuses) {@code dir/packages-layer.tar}; empty when the lock has no package. */
    public Optional<Layer> build(SystemLock lock, BaseSystem base, Path dir, Instant mtime) {
        return build(lock, base, dir, mtime, (BaseTree) null);
    }

    /**
     * As {@link #build(SystemLock, BaseSystem, Path, Instant)}, and when {@code baseTree} is given and
     * the layer is written, the shared-libraries check of the layer's ELF files over base + layer.
     */
    public Optional<Layer> build(SystemLock lock, BaseSystem base, Path dir, Instant mtime, BaseTree baseTree) {
        return build(lock, base, dir, mtime, () -> baseTree);
    }

    /**
     * As {@link #build(SystemLock, BaseSystem, Path, Instant, BaseTree)}, the base's tree asked for
     * only when the layer is written (building it from the base's index costs a no-op build time).
     */
    public Optional<Layer> build(SystemLock lock, BaseSystem base, Path dir, Instant mtime,
            java.util.function.Supplier<BaseTree> baseTreeWhenWritten) {
        Path tar = dir.resolve(LAYER);
        Path info = dir.resolve("packages-layer.properties");
        Stamp stamp = new Stamp(dir.resolve(".stamp"));
        if (lock.packages().isEmpty()) {
            try {
                Files.deleteIfExists(tar);
                Files.deleteIfExists(info);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stamp.invalidate();
            return Optional.empty();
        }
        // Sorted: the record's Map.copyOf iterates in an order that changes from one JVM to the next.
        String key = Digests.sha256Hex("system-layer/" + FORMAT + "\n" + lock.write() + "\n" + base.dpkgStatus()
                + "\n" + new java.util.TreeMap<>(base.rootLinks()) + "\n" + mtime);
        if (stamp.matches(key) && Files.isRegularFile(tar) && Files.isRegularFile(info)) {
            Properties p = load(info);
            log.accept("Package layer up to date (" + lock.packages().size() + " packages, " + p.getProperty("diffId")
                    + ")");
            return Optional.of(new Layer(tar, p.getProperty("diffId"), Long.parseLong(p.getProperty("size")),
                    lock.packages().size(), List.of()));
        }
        stamp.invalidate();
        long t0 = System.nanoTime();
        List<PackageLayer.Deb> debs = new ArrayList<>();
        for (SystemLock.Entry e : lock.packages()) {
            URI uri = e.url().map(URI::create).orElseGet(() -> archiveUri(lock, e));
            debs.add(new PackageLayer.Deb(e, client.download(uri, e.sha256(), ".deb")));
        }
        long t1 = System.nanoTime();
        BaseTree baseTree = baseTreeWhenWritten.get();
        ImageTree tree = baseTree == null ? new ImageTree() : baseTree.tree();
        PackageLayer.Result r = new PackageLayer(base, mtime).write(debs, tar, tree);
        r.warnings().forEach(warn);
        List<String> misses = List.of();
        if (baseTree != null) {
            misses = new SharedLibraries(tree, SharedLibraries.triplet(base.arch()), baseTree.ldConfDirs())
                    .misses(r.elfFiles());
            misses.forEach(m -> warn.accept("shared-libraries: " + m + " is not found in the image"));
            log.accept("shared-libraries: " + r.elfFiles().size() + " ELF files of the package layer checked, "
                    + misses.size() + " missing librar" + (misses.size() == 1 ? "y" : "ies"));
        }
        Properties p = new Properties();
        p.setProperty("diffId", r.diffId());
        p.setProperty("size", Long.toString(r.size()));
        StringBuilder sb = new StringBuilder();
        p.stringPropertyNames().stream().sorted().forEach(k -> sb.append(k).append('=').append(p.getProperty(k))
                .append('\n'));
        AtomicFiles.writeString(info, sb.toString());
        stamp.write(key);
        log.accept("Package layer: " + lock.packages().size() + " packages, " + r.entries() + " entries, "
                + r.size() / 1024 / 1024 + " MiB, " + r.diffId() + " (fetch " + (t1 - t0) / 1_000_000 + " ms, write "
                + (System.nanoTime() - t1) / 1_000_000 + " ms)");
        return Optional.of(new Layer(tar, r.diffId(), r.size(), lock.packages().size(), misses));
    }

    private URI archiveUri(SystemLock lock, SystemLock.Entry e) {
        SystemLock.Archive archive = lock.archiveOf(e);
        String root = mirror.apply(archive).map(URI::toString).orElse(archive.url());
        return URI.create(root.endsWith("/") ? root : root + "/").resolve(e.poolPath().orElseThrow());
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try {
            p.load(new java.io.StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
