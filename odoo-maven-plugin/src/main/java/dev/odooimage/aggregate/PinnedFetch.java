package dev.odooimage.aggregate;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.RefSpec;

import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.UrlMask;

/**
 * Gets one pinned commit into a cache entry: nothing when the entry already holds it (the
 * commit and its root tree: the export checks the rest, {@link CacheDamage}); else a fetch
 * of that exact SHA (shallow when asked); and when the server
 * refuses to serve a SHA that is not a branch tip (git's default unless
 * {@code uploadpack.allowReachableSHA1InWant} or {@code allowAnySHA1InWant} is set), a
 * fetch of the branch the lock took the SHA from, deepened until the SHA is there.
 */
final class PinnedFetch {
    /** Messages by which git, JGit and hosting servers refuse an unadvertised want. */
    private static final Pattern REFUSED = Pattern.compile(
            "not our ref|not valid|unadvertised|not allowed|available for fetch|want .* not|no such|unknown commit"
            // JGit's own server fails an unknown want with an internal error the client sees as a short read.
            + "|short read of block|missing unknown|internal server error",
            Pattern.CASE_INSENSITIVE);
    private static final int[] FALLBACK_DEPTHS = {1, 50, 1000};

    private final CacheEntry entry;
    private final String url;
    private final ProgressMonitor monitor;
    private final AggregateLog log;

    /** One pinned commit wanted from this entry; {@code what} names its merge in messages. */
    record Want(ObjectId sha, List<String> fallbackRefs, String what, String refresh) {
        Want(ObjectId sha, List<String> fallbackRefs, String what) {
            this(sha, fallbackRefs, what, "mvn odoo:lock -Dodoo.repos.refreshAll");
        }
    }

    /** Fetches from {@code url} into {@code entry} (which may be named after another remote of the aggregate). */
    PinnedFetch(CacheEntry entry, String url, ProgressMonitor monitor, AggregateLog log) {
        this.entry = entry;
        this.url = url;
        this.monitor = monitor;
        this.log = log;
    }

    /**
     * Makes every wanted commit present with at least {@code depth} commits of history (null:
     * full history), in one fetch for all of them. {@code mustFetch} forces the fetch even
     * when they are present (deepening).
     */
    FetchStats ensure(List<Want> wants, Integer depth, boolean mustFetch) throws IOException {
        List<Want> missing = new java.util.ArrayList<>();
        for (Want w : wants) {
            if (!mustFetch && entry.hasCommit(w.sha())) {
                entry.pin(w.sha());
            } else if (missing.stream().noneMatch(m -> m.sha().equals(w.sha()))) {
                missing.add(w);
            }
        }
        if (missing.isEmpty()) {
            return FetchStats.NONE;
        }
        FetchStats stats = FetchStats.NONE;
        String refusal = null;
        try {
            List<RefSpec> specs = missing.stream()
                    .map(w -> new RefSpec(w.sha().name() + ":" + CacheEntry.REF_PREFIX + w.sha().name())).toList();
            stats = entry.fetch(url, specs, depth, depth == null, monitor);
        } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
            String msg = allMessages(e);
            // Only a server that still answers can have refused; otherwise it is down or unreachable.
            if (!refusedByReachableServer(missing)) {
                Want w = missing.get(0);
                throw new OdooImageException("fetching " + w.what() + " (" + w.sha().name() + ") from "
                        + UrlMask.mask(url) + " failed: " + readable(UrlMask.maskText(msg))
                        + ". Check the network and the remote, then run the build again (the cache was left consistent).", e);
            }
            refusal = REFUSED.matcher(msg).find() ? readable(UrlMask.maskText(msg)) : "the server closed the connection";
        }
        for (Want w : missing) {
            if (refusal == null && entry.hasCommit(w.sha())) {
                entry.pin(w.sha());
            } else {
                stats = stats.plus(fallback(w, depth, refusal));
            }
        }
        return stats;
    }

    private FetchStats fallback(Want w, Integer depth, String refusal) throws IOException {
        ObjectId sha = w.sha();
        List<String> candidates = w.fallbackRefs();
        String what = w.what();
        if (candidates.isEmpty()) {
            throw notFound(w, refusal, "the lock does not say which branch it came from (no # locked-from:)"
                    + " and the aggregate has no target branch on this remote");
        }
        FetchStats stats = FetchStats.NONE;
        List<String> why = new java.util.ArrayList<>();
        for (String candidate : candidates) {
            String ref = resolveRemoteRef(candidate, what);
            if (ref == null) {
                why.add("the remote has no ref named '" + candidate + "'");
                continue;
            }
            log.warn(UrlMask.mask(url) + " does not serve commit " + sha.name() + " by id (" + (refusal == null
                    ? "the fetch did not bring it" : refusal) + "); fetching " + ref + " instead, as git-aggregator would."
                    + " Setting uploadpack.allowReachableSHA1InWant=true on that server makes builds faster.");
            FetchStats[] got = {FetchStats.NONE};
            boolean found = fetchBranchUntil(ref, sha, depth, what, got);
            stats = stats.plus(got[0]);
            if (found) {
                entry.pin(sha);
                return stats;
            }
            why.add(ref + " does not contain it (force-pushed?)");
        }
        throw notFound(w, refusal, String.join("; ", why));
    }

    /** Fetches {@code ref}, deeper and deeper, until {@code sha} is in it; false when it never is. */
    private boolean fetchBranchUntil(String ref, ObjectId sha, Integer depth, String what, FetchStats[] stats)
            throws IOException {
        // Per remote: a fork's main is not origin's main.
        String local = CacheEntry.REF_PREFIX + "fallback/" + GitCache.entryName(url).replaceAll("\\.git$", "") + "/"
                + ref.replaceFirst("^refs/", "");
        List<RefSpec> spec = List.of(new RefSpec("+" + ref + ":" + local));
        try {
            for (int d : FALLBACK_DEPTHS) {
                if (depth != null && d < depth) {
                    continue;
                }
                stats[0] = stats[0].plus(entry.fetch(url, spec, d, false, monitor));
                if (entry.hasComplete(sha) && depth == null && !entry.shallowCommits().isEmpty()) {
                    continue; // a full history was asked for: keep deepening to the end
                }
                if (entry.hasComplete(sha)) {
                    return true;
                }
            }
            stats[0] = stats[0].plus(entry.fetch(url, spec, null, true, monitor));
        } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
            throw new OdooImageException("fetching " + ref + " of " + UrlMask.mask(url) + " for " + what + " failed: "
                    + readable(UrlMask.maskText(allMessages(e))) + ". Check the network and the remote, then run the build again.", e);
        }
        return entry.hasComplete(sha);
    }

    private OdooImageException notFound(Want w, String refusal, String why) {
        return new OdooImageException("commit " + w.sha().name() + " of " + w.what() + " was not found on "
                + UrlMask.mask(url) + (refusal == null ? "" : " (" + refusal + ")") + "; " + why
                + ". If the branch was rewritten, refresh this merge: " + w.refresh());
    }

    /**
     * JGit's wording of transport failures, in the user's terms: these texts describe JGit's
     * internals, not what happened (a server that hung up mid-answer).
     */
    static String readable(String jgitText) {
        return jgitText.replaceAll("(?i)short read of block\\.?", "the server closed the connection before sending"
                + " the commit (it refused it, or the connection was cut)");
    }

    /**
     * git daemon under protocol v0 may drop the connection after refusing a want, before the
     * client reads the refusal. If the server still answers and does not advertise the SHA as
     * a tip, that was a refusal; if it does not answer, the server is down.
     */
    private boolean refusedByReachableServer(List<Want> wants) {
        try {
            Collection<Ref> refs = entry.access().configure(Git.lsRemoteRepository(), entryUrl()).setRemote(entryUrl()).call();
            return wants.stream().anyMatch(w -> refs.stream().noneMatch(r -> w.sha().equals(r.getObjectId())));
        } catch (GitAPIException | RuntimeException e) {
            return false;
        }
    }

    /** The full remote ref name for a branch, tag or full ref, or null when the remote lacks it. */
    private String resolveRemoteRef(String name, String what) throws IOException {
        Collection<Ref> refs;
        try {
            refs = entry.access().configure(Git.lsRemoteRepository(), entryUrl()).setRemote(entryUrl()).setHeads(false).setTags(false).call();
        } catch (GitAPIException e) {
            throw new OdooImageException("listing refs of " + UrlMask.mask(url) + " for " + what + " failed: "
                    + UrlMask.maskText(allMessages(e)), e);
        }
        for (String candidate : List.of(name, "refs/heads/" + name, "refs/tags/" + name)) {
            for (Ref r : refs) {
                if (r.getName().equals(candidate)) {
                    return r.getName();
                }
            }
        }
        return null;
    }

    private String entryUrl() {
        return url;
    }

    static String allMessages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && sb.indexOf(t.getMessage()) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT).isEmpty() ? e.getClass().getSimpleName() : sb.toString();
    }
}
