package dev.odooimage.repos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import dev.odooimage.repos.LockChange.Kind;
import dev.odooimage.repos.Refresh.MergeSelector;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.Parallel;
import dev.odooimage.util.UrlMask;

/**
 * repos.yaml + previous lock -> new lock. Conservative: a merge already locked keeps its
 * SHA unless a refresh covers it or its remote's URL changed; new merges are resolved;
 * merges and aggregates gone from repos.yaml disappear. Each distinct remote URL is
 * listed once ({@code ls-remote}), the URLs in parallel on a bounded pool.
 */
public final class Locker {

    private final RefLister lister;
    private final int threads;

    public Locker(RefLister lister, int threads) {
        this.lister = lister;
        this.threads = Math.max(1, threads);
    }

    /** {@code previous} is the current lock, or null when there is none yet. */
    public LockResult lock(ReposConfig repos, ReposConfig previous, Refresh refresh) {
        checkRefreshTargets(repos, refresh);
        checkNoSecrets(repos);

        // Pass 1: decide per merge whether the old SHA stays, collect URLs that need listing.
        List<List<Plan>> plans = new ArrayList<>();
        List<LockChange> removed = new ArrayList<>();
        Map<String, List<String>> urls = new LinkedHashMap<>(); // URL -> the merges that need it, for errors
        String file = repos.source() == null ? "repos.yaml" : repos.source().getFileName().toString();
        for (Aggregate a : repos.aggregates()) {
            Aggregate old = previous == null ? null : previous.aggregate(a.path()).orElse(null);
            List<Merge> pool = old == null ? new ArrayList<>() : new ArrayList<>(old.merges());
            List<Plan> aggPlans = new ArrayList<>();
            for (Merge m : a.merges()) {
                Merge match = takeMatch(pool, m);
                String url = a.remoteUrl(m.remote());
                boolean urlChanged = match != null && !Objects.equals(old.remoteUrl(m.remote()), url);
                boolean asked = refreshes(refresh, a, m);
                String reason = urlChanged ? "remote URL changed" : null;
                boolean keep = match != null && !urlChanged && !asked;
                if (!keep && !RemoteRefs.isFullSha(m.ref())) {
                    urls.computeIfAbsent(url, u -> new ArrayList<>()).add("aggregate " + a.path() + ", merge '" + m
                            + "'" + (m.line() > 0 ? " (" + file + ":" + m.line() + ")" : ""));
                }
                aggPlans.add(new Plan(m, match, keep, reason));
            }
            for (Merge gone : pool) {
                removed.add(new LockChange(Kind.REMOVED, a.path(), gone.remote(),
                        gone.lockedFrom() != null ? gone.lockedFrom() : gone.ref(), gone.ref(), null, null));
            }
            plans.add(aggPlans);
        }
        if (previous != null) {
            for (Aggregate old : previous.aggregates()) {
                if (repos.aggregate(old.path()).isEmpty()) {
                    removed.add(new LockChange(Kind.REMOVED, old.path(), null, null, null, null, null));
                }
            }
        }

        // Pass 2: one ls-remote per distinct URL, in parallel.
        Map<String, RemoteRefs> listed = listAll(urls);

        // Pass 3: assemble the lock in repos.yaml order.
        List<Aggregate> locked = new ArrayList<>();
        List<LockChange> changes = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            List<Plan> aggPlans = plans.get(i);
            Aggregate a = repos.aggregates().get(i);
            List<Merge> merges = new ArrayList<>();
            for (Plan p : aggPlans) {
                Merge m = p.merge();
                String sha;
                if (p.keep()) {
                    sha = p.match().ref();
                    changes.add(new LockChange(Kind.KEPT, a.path(), m.remote(), m.ref(), sha, sha, null));
                } else {
                    String where = "aggregate " + a.path() + ", merge '" + m + "'"
                            + (m.line() > 0 ? " (" + file + ":" + m.line() + ")" : "");
                    sha = RemoteRefs.isFullSha(m.ref()) ? m.ref().toLowerCase(java.util.Locale.ROOT)
                            : listed.get(a.remoteUrl(m.remote())).resolve(m.ref(), where);
                    if (p.match() == null) {
                        changes.add(new LockChange(Kind.ADDED, a.path(), m.remote(), m.ref(), null, sha, null));
                    } else {
                        changes.add(new LockChange(Kind.REFRESHED, a.path(), m.remote(), m.ref(), p.match().ref(), sha,
                                p.reason() != null ? p.reason() : "refresh requested"));
                    }
                }
                merges.add(new Merge(m.remote(), sha, m.depth(), m.ref(), 0));
            }
            locked.add(new Aggregate(a.path(), a.remotes(), merges, a.target(), a.depth(), a.extra(), 0));
        }
        changes.addAll(removed);
        return new LockResult(new ReposConfig(previous == null ? null : previous.source(), locked), changes);
    }

    /** The first old merge of the same remote locked from the same human ref, with a usable SHA. */
    private static Merge takeMatch(List<Merge> pool, Merge m) {
        for (int i = 0; i < pool.size(); i++) {
            Merge old = pool.get(i);
            if (old.remote().equals(m.remote()) && m.ref().equals(old.lockedFrom()) && old.isPinned()) {
                return pool.remove(i);
            }
        }
        return null;
    }

    private static boolean refreshes(Refresh r, Aggregate a, Merge m) {
        if (r.all()) {
            return true;
        }
        String path = AggregatePath.relative(a.path());
        if (r.aggregates().stream().anyMatch(p -> AggregatePath.relative(p).equals(path))) {
            return true;
        }
        return r.merges().stream().anyMatch(s -> AggregatePath.relative(s.path()).equals(path)
                && s.remote().equals(m.remote()) && s.ref().equals(m.ref()));
    }

    /** Refreshing something repos.yaml does not have is a typo, not a no-op. */
    private static void checkRefreshTargets(ReposConfig repos, Refresh refresh) {
        String file = repos.source() == null ? "repos.yaml" : repos.source().toString();
        List<String> known = repos.aggregates().stream().map(Aggregate::path).toList();
        for (String p : refresh.aggregates()) {
            if (repos.aggregate(p).isEmpty()) {
                throw new OdooImageException("odoo.repos.refresh=" + p + ": no aggregate " + p + " in " + file
                        + " (aggregates: " + String.join(", ", known) + "). Use one of those paths.");
            }
        }
        for (MergeSelector s : refresh.merges()) {
            Aggregate a = repos.aggregate(s.path()).orElseThrow(() -> new OdooImageException(
                    "odoo.repos.refreshMerge=\"" + s + "\": no aggregate " + s.path() + " in " + file + " (aggregates: "
                            + String.join(", ", known) + ")."));
            boolean found = a.merges().stream().anyMatch(m -> m.remote().equals(s.remote()) && m.ref().equals(s.ref()));
            if (!found) {
                throw new OdooImageException("odoo.repos.refreshMerge=\"" + s + "\": aggregate " + a.path() + " in " + file
                        + " has no merge '" + s.remote() + " " + s.ref() + "' (merges: "
                        + String.join(", ", a.merges().stream().map(Merge::toString).toList())
                        + "). Write the merge exactly as in " + file + ".");
            }
        }
    }

    /** The lock is committed: a URL carrying a password or token would leak it. */
    private static void checkNoSecrets(ReposConfig repos) {
        for (Aggregate a : repos.aggregates()) {
            a.remotes().forEach((name, url) -> {
                if (UrlMask.hasSecret(url)) {
                    throw new OdooImageException((repos.source() == null ? "repos.yaml" : repos.source()) + ":"
                            + a.line() + ": aggregate " + a.path() + ", remote " + name + ": the URL "
                            + UrlMask.mask(url) + " embeds credentials, which would end up in the committed lock. "
                            + "Remove them from the URL and add a <server> with <id>" + GitAccess.serverIdOf(url)
                            + "</id> to ~/.m2/settings.xml instead.");
                }
            });
        }
    }

    private Map<String, RemoteRefs> listAll(Map<String, List<String>> users) {
        Map<String, RemoteRefs> out = new LinkedHashMap<>();
        Set<String> urls = users.keySet();
        if (urls.isEmpty()) {
            return out;
        }
        if (urls.size() == 1 || threads == 1) {
            for (String u : urls) {
                try {
                    out.put(u, lister.list(u));
                } catch (OdooImageException e) {
                    throw new OdooImageException(usedBy(users.get(u)) + e.getMessage(), e);
                }
            }
            return out;
        }
        ExecutorService pool = Parallel.pool(Math.min(threads, urls.size()), "odoo-ls-remote");
        try {
            Map<String, Future<RemoteRefs>> futures = new LinkedHashMap<>();
            urls.forEach(u -> futures.put(u, pool.submit(() -> lister.list(u))));
            List<String> errors = new ArrayList<>();
            for (Map.Entry<String, Future<RemoteRefs>> e : futures.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException ex) {
                    Throwable cause = ex.getCause();
                    errors.add(usedBy(users.get(e.getKey())) + (cause instanceof OdooImageException
                            ? cause.getMessage() : UrlMask.maskText(String.valueOf(cause))));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new OdooImageException("interrupted while listing remotes", ex);
                }
            }
            if (!errors.isEmpty()) {
                throw new OdooImageException(String.join("\n", errors));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String usedBy(List<String> merges) {
        return merges.get(0) + (merges.size() > 1 ? " (and " + (merges.size() - 1) + " more merge"
                + (merges.size() > 2 ? "s" : "") + " of that URL)" : "") + ": ";
    }

    private record Plan(Merge merge, Merge match, boolean keep, String reason) {
    }
}
