package dev.odooimage.repos;

import java.util.List;
import java.util.Map;

/**
 * One top-level entry of repos.yaml / repos.lock.yaml: where the sources go
 * ({@code path}, e.g. {@code ./odoo} or {@code ./oca/server-tools}), where they come
 * from and what is merged, in order.
 *
 * @param path    the aggregate path exactly as written (key of the YAML mapping)
 * @param remotes remote name to URL, in file order (unmodifiable, insertion-ordered)
 * @param merges  merges in file order; the first is checked out, the others merged
 * @param target  the target branch, or null
 * @param depth   {@code defaults.depth}, or null
 * @param extra   keys git-aggregator knows that we pass through untouched
 *                ({@code fetch_all}, {@code shell_command_after}, {@code patches}, ...), in file order
 * @param line    1-based line of the aggregate key in its file, 0 when unknown
 */
public record Aggregate(String path, Map<String, String> remotes, List<Merge> merges, Target target,
        Integer depth, Map<String, Object> extra, int line) {

    public Aggregate {
        remotes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(remotes));
        merges = List.copyOf(merges);
        extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }

    /** The path without its leading {@code ./} and trailing slash: where it lands under src/. */
    public String relativePath() {
        return AggregatePath.relative(path);
    }

    public String remoteUrl(String remoteName) {
        return remotes.get(remoteName);
    }
}
