package dev.odooimage.repos;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.UrlMask;

/**
 * The refs one remote advertises (one {@code ls-remote}), already peeled: an annotated
 * tag maps to the commit it points to. Resolves the human refs of repos.yaml.
 *
 * @param url  the remote URL (for messages; masked when printed)
 * @param refs full ref name ({@code refs/heads/17.0}, {@code refs/tags/v1}, {@code HEAD}) to commit SHA
 */
public record RemoteRefs(String url, Map<String, String> refs) {

    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-fA-F]{40}");
    private static final Pattern SHORT_SHA = Pattern.compile("[0-9a-fA-F]{4,39}");

    public RemoteRefs {
        refs = Map.copyOf(refs);
    }

    /** True when {@code ref} is a full commit SHA, which needs no ls-remote at all. */
    public static boolean isFullSha(String ref) {
        return FULL_SHA.matcher(ref).matches();
    }

    /**
     * The commit {@code ref} names. {@code where} ("aggregate ./odoo, merge 'odoo 17.0'")
     * prefixes every error, which also says how to fix it.
     */
    public String resolve(String ref, String where) {
        if (isFullSha(ref)) {
            return ref.toLowerCase(java.util.Locale.ROOT);
        }
        if (ref.startsWith("refs/") || ref.equals("HEAD")) {
            String sha = refs.get(ref);
            if (sha == null) {
                throw notFound(ref, where);
            }
            return sha;
        }
        String branch = refs.get("refs/heads/" + ref);
        String tag = refs.get("refs/tags/" + ref);
        if (branch != null && tag != null) {
            throw new OdooImageException(where + ": ref " + ref + " is ambiguous on " + UrlMask.mask(url)
                    + ": it is both a branch and a tag. Write refs/heads/" + ref + " (the branch) or refs/tags/"
                    + ref + " (the tag) in repos.yaml.");
        }
        if (branch != null) {
            return branch;
        }
        if (tag != null) {
            return tag;
        }
        if (SHORT_SHA.matcher(ref).matches()) {
            throw new OdooImageException(where + ": " + ref + " looks like an abbreviated commit SHA. git-aggregator "
                    + "cannot fetch abbreviated SHAs reliably: write the full 40-character SHA (git rev-parse "
                    + ref + ") or a branch or tag name.");
        }
        throw notFound(ref, where);
    }

    private OdooImageException notFound(String ref, String where) {
        List<String> branches = refs.keySet().stream().filter(r -> r.startsWith("refs/heads/"))
                .map(r -> r.substring("refs/heads/".length())).sorted().limit(10).collect(Collectors.toList());
        return new OdooImageException(where + ": ref " + ref + " does not exist on " + UrlMask.mask(url)
                + " (no such branch, tag or ref). Fix the ref in repos.yaml"
                + (branches.isEmpty() ? "." : "; branches there include: " + String.join(", ", branches) + "."));
    }
}
