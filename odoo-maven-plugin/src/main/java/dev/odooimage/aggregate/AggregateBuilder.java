package dev.odooimage.aggregate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

import dev.odooimage.repos.Aggregate;
import dev.odooimage.repos.Merge;
import dev.odooimage.util.OdooImageException;

/**
 * Builds one aggregate into a fresh directory: makes every pinned commit present in the
 * cache (fetching only what is missing), merges them in lock order in a throw-away work
 * repository (a single merge without patches needs none), applies patches, and exports the resulting tree (or runs the opted-in shell
 * commands on a checkout). The cache entries stay locked for the whole build, so a
 * concurrent build never sees them half-fetched.
 */
final class AggregateBuilder {
    /**
     * History depths tried in turn until every merge base is found (null: all of it). A
     * merge base is almost never the tip itself, so multi-merge aggregates start at 10
     * rather than 1: that saves a round trip per remote and costs only a few commits.
     */
    private static final Integer[] DEEPEN = {10, 100, 1000, null};

    /**
     * What was built: the directory (still in staging), its digest and what it cost
     * ({@code exportMillis}: writing the files, or the shell commands and the read-back).
     */
    record Built(Path dir, String tree, String digest, FetchStats fetch, long files, long bytes, StatCache stats,
            long exportMillis) {
    }

    private final AggregateOptions options;
    private final AggregateLog log;
    private final TreeExporter.Previous previous;
    /** What this build fetched so far, over every remote, deepening and re-fetch. */
    private FetchStats fetched = FetchStats.NONE;

    AggregateBuilder(AggregateOptions options, AggregateLog log) {
        this(options, log, null);
    }

    /** {@code previous}: the aggregate's current export, whose untouched files may be reused (or null). */
    AggregateBuilder(AggregateOptions options, AggregateLog log, TreeExporter.Previous previous) {
        this.options = options;
        this.log = log;
        this.previous = previous;
    }

    Built build(Aggregate agg, Path staging) throws IOException {
        PackReading.configure();
        String name = agg.path();
        List<String> shell = AggregateExtras.shellCommands(agg.extra().get("shell_command_after"));
        if (!shell.isEmpty() && !options.allowShellCommands()) {
            throw new OdooImageException("aggregate " + name + line(agg.line()) + " has shell_command_after " + shell
                    + "; commands from the repos file run only when the pom opts in: set <allowShellCommands>true"
                    + "</allowShellCommands> in the odoo-maven-plugin configuration (or -Dodoo.aggregate.allowShellCommands=true),"
                    + " or remove them.");
        }
        List<Path> patches = AggregateExtras.patchFiles(agg.extra().get("patches"), options.baseDirectory(), name);

        // One cache entry per aggregate, named after its first remote: the other remotes
        // (typically forks) are fetched into it too, so shared history is transferred once.
        CacheEntry store = options.cache().entry(agg.remoteUrl(agg.merges().get(0).remote()), options.access(), log);
        try (CacheLock lock = store.lock()) {
            try {
                return buildLocked(agg, staging, store, shell, patches);
            } finally {
                store.close();
            }
        }
    }

    /**
     * Builds once; when the cache entry turns out to be damaged while its objects are read
     * (a cache hit checks only the commit and its root tree: {@link CacheDamage}), the entry
     * is rebuilt, fetched again and the tree built anew in a fresh directory. Once: damage
     * right after a fresh fetch is reported as it is.
     */
    private Built buildLocked(Aggregate agg, Path staging, CacheEntry store, List<String> shell,
            List<Path> patches) throws IOException {
        try {
            return attempt(agg, staging, store, shell, patches);
        } catch (IOException | RuntimeException e) {
            Throwable damage = CacheDamage.of(e);
            if (damage == null) {
                throw e;
            }
            store.discard(damage);
            Path again = Files.createDirectories(staging.resolve("again"));
            return attempt(agg, again, store, shell, patches);
        }
    }

    private Built attempt(Aggregate agg, Path staging, CacheEntry store, List<String> shell,
            List<Path> patches) throws IOException {
        String name = agg.path();
        List<MergeSequence.Pinned> pinned = new ArrayList<>();
        for (Merge m : agg.merges()) {
            pinned.add(new MergeSequence.Pinned(m, ObjectId.fromString(m.ref())));
        }
        boolean single = pinned.size() == 1;
        Integer explicit = options.depth() != null ? options.depth() : agg.depth();
        int level = 0;
        Integer depth = single ? Integer.valueOf(1) : explicit != null ? explicit : DEEPEN[0];
        fetchAll(agg, store, depth, false);
        if (single && patches.isEmpty() && shell.isEmpty()) {
            // Nothing to merge, patch or run: the pinned commit's tree is exported straight
            // from the cache entry (read only), without a throw-away work repository.
            return export(agg, staging, store.open(), pinned.get(0).commit(), shell);
        }
        ObjectId result;
        int attempt = 0;
        while (true) {
            Path repoDir = staging.resolve("repo-" + attempt++);
            try (WorkRepo work = WorkRepo.create(repoDir, List.of(store))) {
                MergeSequence.Outcome outcome = MergeSequence.run(work.repo(), name, pinned);
                if (!outcome.needsDeeperHistory()) {
                    result = outcome.commit();
                    if (!patches.isEmpty()) {
                        result = PatchSeries.apply(work.repo(), result, patches, name);
                    }
                    return export(agg, staging, work.repo(), result, shell);
                }
                if (depth == null) {
                    throw new OdooImageException("aggregate " + name + ": merge '" + outcome.shallowAt()
                            + "' shares no history with the merges before it (git would refuse to merge unrelated"
                            + " histories). Check the remotes and refs of this aggregate in repos.yaml.");
                }
                while (level < DEEPEN.length - 1 && DEEPEN[level] != null && DEEPEN[level] <= depth) {
                    level++;
                }
                if (explicit != null && depth.equals(explicit)) {
                    log.warn("aggregate " + name + ": no merge base within depth " + explicit + " for merge '"
                            + outcome.shallowAt() + "'; fetching more history");
                }
                depth = DEEPEN[level];
                log.info("  " + name + ": deepening history to " + (depth == null ? "the full history" : depth
                        + " commits") + " to find the merge base of '" + outcome.shallowAt() + "'");
                fetchAll(agg, store, depth, true);
            }
        }
    }

    /**
     * One fetch per remote URL for all its merges (a round trip per remote, not per merge),
     * in merge order, so the first remote's history is there when a fork is negotiated.
     */
    private void fetchAll(Aggregate agg, CacheEntry store, Integer depth, boolean deepen) throws IOException {
        Map<String, List<PinnedFetch.Want>> wants = new LinkedHashMap<>();
        for (Merge m : agg.merges()) {
            String what = "merge '" + m.remote() + " " + (m.lockedFrom() != null ? lockedRef(m) : m.ref())
                    + "' of aggregate " + agg.path() + line(m.line());
            wants.computeIfAbsent(agg.remoteUrl(m.remote()), u -> new ArrayList<>())
                    .add(new PinnedFetch.Want(ObjectId.fromString(m.ref()), fallbackRefs(agg, m), what, refreshCommand(agg, m)));
        }
        for (Map.Entry<String, List<PinnedFetch.Want>> e : wants.entrySet()) {
            PinnedFetch f = new PinnedFetch(store, e.getKey(), new LogProgressMonitor(log, "  " + agg.path() + ": "), log);
            fetched = fetched.plus(f.ensure(e.getValue(), depth, deepen));
        }
    }

    private Built export(Aggregate agg, Path staging, Repository repo, ObjectId commit, List<String> shell)
            throws IOException {
        long t0 = System.nanoTime();
        Path out = staging.resolve("out");
        ObjectId tree;
        try (RevWalk w = new RevWalk(repo)) {
            tree = w.parseCommit(commit).getTree().copy();
        }
        long files = 0;
        long bytes = 0;
        String digest = null;
        StatCache fileStats = null;
        if (shell.isEmpty()) {
            TreeExporter.Result r;
            try {
                r = TreeExporter.export(repo, tree, out, previous);
            } catch (OdooImageException e) {
                throw new OdooImageException("aggregate " + agg.path() + ": " + e.getMessage(), e);
            }
            files = r.files();
            bytes = r.bytes();
            digest = r.digest();
            fileStats = r.stats();
            if (!r.submodules().isEmpty()) {
                log.warn("aggregate " + agg.path() + ": submodules are not fetched, left empty: " + r.submodules());
            }
            if (!r.unapplied().isEmpty()) {
                StringBuilder what = new StringBuilder();
                for (Map.Entry<String, List<String>> e : r.unapplied().entrySet()) {
                    List<String> paths = e.getValue();
                    what.append(what.length() == 0 ? "" : "; ").append(e.getKey()).append(" (").append(paths.size())
                            .append(paths.size() == 1 ? " file: " : " files, e.g. ")
                            .append(String.join(", ", paths.subList(0, Math.min(3, paths.size())))).append(')');
                }
                log.warn("aggregate " + agg.path() + ": .gitattributes conversions not applied, files written as"
                        + " committed: " + what + ". Filters are not run (a filter=lfs file is the Git LFS pointer,"
                        + " as git writes it without git-lfs installed); commit the content itself if the image"
                        + " needs it.");
            }
        } else {
            Files.createDirectories(out);
            Map<String, String> remotes = new LinkedHashMap<>(agg.remotes());
            String branch = agg.target() != null ? agg.target().branch() : "aggregated";
            ShellCommands.run(repo, commit, out, remotes, branch, shell, agg.path(), log);
        }
        if (digest == null) {
            // After shell commands only reading the directory back tells what it holds.
            fileStats = StatCache.empty();
            digest = TreeDigest.of(out, StatCache.empty(), fileStats);
        }
        return new Built(out, tree.name(), digest, fetched, files, bytes, fileStats, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Branches that should contain a merge's SHA when a server will not serve it by id: the
     * ref the lock took it from, then the aggregate's target branch when it is on the same
     * remote (the contract's fallback).
     */
    static List<String> fallbackRefs(Aggregate agg, Merge m) {
        List<String> out = new ArrayList<>();
        String locked = lockedRef(m);
        if (locked != null) {
            out.add(locked);
        }
        if (agg.target() != null && agg.target().branch() != null && !out.contains(agg.target().branch())
                && java.util.Objects.equals(agg.remoteUrl(agg.target().remote()), agg.remoteUrl(m.remote()))) {
            out.add(agg.target().branch());
        }
        return out;
    }

    /** The exact command that moves this merge to the current head of its ref. */
    static String refreshCommand(Aggregate agg, Merge m) {
        String ref = lockedRef(m);
        return ref == null ? "mvn odoo:lock -Dodoo.repos.refresh=" + agg.path()
                : "mvn odoo:lock -Dodoo.repos.refreshMerge=\"" + agg.path() + " " + m.remote() + " " + ref + "\"";
    }

    /** The ref name a lock's {@code locked-from} remembers ("remote ref" or just "ref"). */
    static String lockedRef(Merge m) {
        String lf = m.lockedFrom();
        if (lf == null || lf.isBlank()) {
            return null;
        }
        String s = lf.trim();
        int sp = s.indexOf(' ');
        return sp > 0 && s.substring(0, sp).equals(m.remote()) ? s.substring(sp + 1).trim() : s;
    }

    private static String line(int line) {
        return line > 0 ? " (line " + line + ")" : "";
    }
}
