package dev.odooimage.aggregate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import dev.odooimage.repos.Aggregate;
import dev.odooimage.repos.Merge;
import dev.odooimage.repos.ReposConfig;
import dev.odooimage.repos.ReposLock;
import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.Parallel;
import dev.odooimage.util.UrlMask;

/**
 * {@code odoo:aggregate}: makes {@code src/} exactly what the lock describes, once. An
 * aggregate whose src.json entry matches the lock and whose tree digest matches the disk
 * is left alone; any other is rebuilt from scratch in a staging directory and swapped in.
 * Whatever is in src/ that the lock does not name is removed. src.json is written last.
 */
public final class Aggregator {
    private final AggregateOptions options;
    private final AggregateLog log;

    public Aggregator(AggregateOptions options, AggregateLog log) {
        this.options = options;
        this.log = log;
    }

    /** What a run did. */
    public record Summary(int total, List<String> rebuilt, FetchStats fetched, long millis) {
        public boolean upToDate() {
            return rebuilt.isEmpty();
        }
    }

    /**
     * Holds the project's {@link WorkLock} for the whole run: a second build of the same
     * project waits (saying so) rather than racing this one on src/ and src.json.
     */
    public Summary run(ReposConfig lock) {
        ReposLock.check(lock);
        Path staging = null;
        try (WorkLock held = WorkLock.acquire(options.workDirectory(), log::info)) {
            long start = System.nanoTime();
            staging = RunStaging.create(options.stagingDirectory());
            return runLocked(lock, start, staging);
        } catch (IOException e) {
            throw cannotWrite(e);
        } finally {
            try {
                if (staging != null) {
                    RunStaging.remove(staging);
                }
            } catch (IOException ignored) {
                // a leftover of a dead run: the next run removes it
            }
        }
    }

    private Summary runLocked(ReposConfig lock, long start, Path staging) {
        Path src = options.srcDirectory();
        try {
            Files.createDirectories(src);
            SrcPruner.prune(src, lock, log);
            pruneStatFiles(lock);
        } catch (IOException e) {
            throw cannotWrite(e);
        }
        SrcManifest old = SrcManifest.read(options.manifestFile()).orElse(new SrcManifest(SrcManifest.FORMAT, List.of()));
        List<SrcManifest.Entry> entries = new ArrayList<>();
        List<Aggregate> todo = new ArrayList<>();
        // Cheap checks first (recipe, directory present); the digests, which read every file,
        // are then verified in parallel.
        List<Future<Boolean>> verified = new ArrayList<>();
        ExecutorService pool = pool(lock.aggregates().size());
        try {
            for (Aggregate agg : lock.aggregates()) {
                SrcManifest.Entry wanted = expected(agg);
                Optional<SrcManifest.Entry> have = old.entry(wanted.dir());
                Path dir = src.resolve(wanted.dir());
                if (have.isPresent() && wanted.recipe().equals(have.get().recipe()) && Files.isDirectory(dir)
                        && have.get().digest() != null) {
                    String digest = have.get().digest();
                    Path statFile = statFile(agg);
                    verified.add(pool.submit(() -> verify(dir, digest, statFile)));
                    entries.add(have.get());
                } else {
                    verified.add(null);
                    entries.add(null);
                }
            }
            if (verified.contains(null)) {
                JGitWarmUp.start(); // something will be rebuilt: pay JGit's start while the rest is verified
            }
            for (int i = 0; i < entries.size(); i++) {
                if (verified.get(i) == null || !await(verified.get(i))) {
                    JGitWarmUp.start();
                    entries.set(i, null);
                    todo.add(lock.aggregates().get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (todo.isEmpty()) {
            SrcManifest now = new SrcManifest(SrcManifest.FORMAT, entries);
            if (!now.equals(old)) {
                now.write(options.manifestFile());
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            log.info("Sources up to date: " + entries.size() + " aggregate(s) match " + lockName(lock)
                    + " (SHAs and tree digests verified), nothing to do [" + ms + " ms]");
            return new Summary(entries.size(), List.of(), FetchStats.NONE, ms);
        }
        log.info("Aggregating " + todo.size() + " of " + lock.aggregates().size() + " aggregate(s) with "
                + Math.min(options.threads(), todo.size()) + " thread(s); cache " + options.cache().root());
        List<Result> results = buildAll(todo, staging);
        FetchStats fetched = FetchStats.NONE;
        List<String> failures = new ArrayList<>();
        List<String> rebuilt = new ArrayList<>();
        for (Result r : results) {
            int i = lock.aggregates().indexOf(r.agg());
            if (r.error() != null) {
                failures.add(r.error());
                continue;
            }
            SrcManifest.Entry e = expected(r.agg());
            entries.set(i, new SrcManifest.Entry(e.path(), e.dir(), e.merges(), e.recipe(), r.built().tree(),
                    r.built().digest()));
            fetched = fetched.plus(r.built().fetch());
            rebuilt.add(r.agg().path());
        }
        entries.removeIf(e -> e == null);
        try {
            new SrcManifest(SrcManifest.FORMAT, entries).write(options.manifestFile());
        } catch (UncheckedIOException e) {
            throw cannotWrite(e);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (!failures.isEmpty()) {
            throw new OdooImageException(String.join("\n", failures));
        }
        log.info(String.format(Locale.ROOT, "Aggregated %d aggregate(s), %d up to date, fetched %s in %d fetch(es), %.2f s",
                rebuilt.size(), lock.aggregates().size() - rebuilt.size(), Progress.bytes(fetched.bytes()),
                fetched.fetches(), ms / 1000.0));
        return new Summary(lock.aggregates().size(), rebuilt, fetched, ms);
    }

    /**
     * Why {@code src/} does not hold what the lock asks for at {@code agg}, or empty when it
     * does: the test a no-op build makes (the src.json entry has the lock's recipe and the
     * directory still has its recorded digest), without fetching or rebuilding anything.
     * For goals that read the sources outside a build (odoo:enterprise-import).
     */
    public Optional<String> staleness(Aggregate agg) {
        Optional<SrcManifest> manifest = SrcManifest.read(options.manifestFile());
        if (manifest.isEmpty()) {
            return Optional.of(options.manifestFile() + " is missing or unreadable: the sources were never aggregated");
        }
        SrcManifest.Entry wanted = expected(agg);
        Optional<SrcManifest.Entry> have = manifest.get().entry(wanted.dir());
        Path dir = options.srcDirectory().resolve(wanted.dir());
        if (have.isEmpty() || !Files.isDirectory(dir) || have.get().digest() == null) {
            return Optional.of("aggregate " + agg.path() + " is not materialised under " + options.srcDirectory());
        }
        if (!wanted.recipe().equals(have.get().recipe())) {
            return Optional.of("aggregate " + agg.path() + " under " + options.srcDirectory()
                    + " was built from other commits than the lock pins ("
                    + have.get().merges().stream().map(SrcManifest.MergeEntry::sha).toList() + " against "
                    + agg.merges().stream().map(Merge::ref).toList() + ")");
        }
        try {
            if (!verify(dir, have.get().digest(), statFile(agg))) {
                return Optional.of("the files of aggregate " + agg.path() + " under " + dir
                        + " were changed since they were aggregated");
            }
        } catch (IOException | UncheckedIOException e) {
            return Optional.of("cannot read " + dir + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    private record Result(Aggregate agg, AggregateBuilder.Built built, String error) {
    }

    /**
     * True when {@code dir} still has {@code digest}. Like git's index, the stat data saved by
     * the last build spares reading files whose stat has not changed; it is refreshed when
     * files had to be read again. When every path recorded with the verified digest has its
     * recorded stat, the tree is not even listed ({@link StatCache#unchangedSince}).
     */
    private static boolean verify(Path dir, String digest, Path statFile) throws IOException {
        StatCache known = StatCache.read(statFile);
        if (known.unchangedSince(dir, digest)) {
            return true; // every recorded path has the stat it had when this digest was verified
        }
        long walkStart = StatCache.fileSystemClock(statFile.getParent());
        StatCache seen = StatCache.empty();
        boolean same = digest.equals(TreeDigest.of(dir, known, seen));
        if (same && (seen.reRead() > 0 || seen.othersChanged() > 0 || seen.size() != known.size()
                || seen.others() != known.others() || !digest.equals(known.verifiedDigest()))) {
            seen.verified(digest, walkStart);
            seen.write(statFile);
        }
        return same;
    }

    private void pruneStatFiles(ReposConfig lock) throws IOException {
        Path dir = options.workDirectory().resolve(".src-stat");
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<Path> keep = new HashSet<>();
        lock.aggregates().forEach(a -> keep.add(statFile(a)));
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (!keep.contains(p)) {
                    AtomicFiles.deleteRecursively(p);
                }
            }
        }
    }

    /** Where the stat data of an aggregate's files is kept (machine-local, beside src/). */
    Path statFile(Aggregate agg) {
        return statFile(options.workDirectory(), agg.relativePath());
    }

    /**
     * The stat data file of the aggregate at {@code relativePath} ({@link Aggregate#relativePath()})
     * in {@code workDirectory}: later steps reuse its file hashes ({@link TreeDigest#ofInAggregate}).
     */
    public static Path statFile(Path workDirectory, String relativePath) {
        return workDirectory.resolve(".src-stat").resolve(Digests.sha256Hex(relativePath).substring(0, 16) + ".stat");
    }

    private ExecutorService pool(int tasks) {
        return Parallel.pool(Math.min(options.threads(), tasks), "odoo-aggregate");
    }

    private static <T> T await(Future<T> f) {
        return Parallel.await(f, "aggregating");
    }

    private List<Result> buildAll(List<Aggregate> todo, Path runStaging) {
        ExecutorService pool = pool(todo.size());
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Aggregate agg : todo) {
                futures.add(pool.submit(() -> buildOne(agg, runStaging)));
            }
            List<Result> out = new ArrayList<>();
            for (Future<Result> f : futures) {
                out.add(await(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Result buildOne(Aggregate agg, Path runStaging) {
        long t0 = System.nanoTime();
        Path staging = null;
        try {
            staging = Files.createTempDirectory(runStaging, agg.relativePath().replace('/', '_') + "-");
            Path target = options.srcDirectory().resolve(agg.relativePath());
            TreeExporter.Previous previous = Files.isDirectory(target)
                    ? new TreeExporter.Previous(target, StatCache.read(statFile(agg))) : null;
            AggregateBuilder.Built built = new AggregateBuilder(options, log, previous).build(agg, staging);
            Files.deleteIfExists(statFile(agg));
            AtomicFiles.replaceDirectory(built.dir(), target);
            if (built.stats() != null) {
                built.stats().write(statFile(agg)); // the rename keeps every file's stat data
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            log.info(Progress.line(agg, built, ms));
            return new Result(agg, new AggregateBuilder.Built(target, built.tree(), built.digest(), built.fetch(),
                    built.files(), built.bytes(), built.stats(), built.exportMillis()), null);
        } catch (OdooImageException e) {
            return new Result(agg, null, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return new Result(agg, null, "aggregate " + agg.path() + ": " + cannotWrite(e).getMessage());
        } catch (RuntimeException e) {
            return new Result(agg, null, "aggregate " + agg.path() + " failed: "
                    + UrlMask.maskText(PinnedFetch.allMessages(e)));
        } finally {
            try {
                AtomicFiles.deleteRecursively(staging);
            } catch (IOException ignored) {
                // this run's staging directory is removed at its end
            }
        }
    }

    /** The src.json entry the lock asks for (without the build results). */
    SrcManifest.Entry expected(Aggregate agg) {
        List<SrcManifest.MergeEntry> merges = new ArrayList<>();
        // The version names the export format: aggregates exported by an older one (before
        // .gitattributes conversions) are rebuilt once rather than trusted.
        StringBuilder recipe = new StringBuilder("odoo-aggregate/2\n");
        for (Merge m : agg.merges()) {
            String url = GitCache.stripUserinfo(agg.remoteUrl(m.remote()));
            merges.add(new SrcManifest.MergeEntry(m.remote(), UrlMask.mask(agg.remoteUrl(m.remote())), m.ref(),
                    m.lockedFrom()));
            recipe.append("merge ").append(m.remote()).append(' ').append(url).append(' ').append(m.ref()).append('\n');
        }
        for (Path p : AggregateExtras.patchFiles(agg.extra().get("patches"), options.baseDirectory(), agg.path())) {
            recipe.append("patch ").append(Digests.sha256Hex(p)).append('\n');
        }
        for (String c : AggregateExtras.shellCommands(agg.extra().get("shell_command_after"))) {
            recipe.append("shell ").append(c).append('\n');
        }
        return new SrcManifest.Entry(agg.path(), agg.relativePath(), merges,
                "sha256:" + Digests.sha256Hex(recipe.toString().getBytes(StandardCharsets.UTF_8)), null, null);
    }

    private OdooImageException cannotWrite(Exception e) {
        return new OdooImageException("cannot write the aggregated sources under " + options.workDirectory() + ": "
                + e.getMessage() + ". Check that the directory is writable and the disk is not full.", e);
    }

    private static String lockName(ReposConfig lock) {
        return lock.source() != null ? String.valueOf(lock.source().getFileName()) : "the lock";
    }

    static Set<String> dirs(ReposConfig lock) {
        Set<String> out = new HashSet<>();
        lock.aggregates().forEach(a -> out.add(a.relativePath()));
        return out;
    }
}
