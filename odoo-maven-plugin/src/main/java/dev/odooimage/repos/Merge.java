package dev.odooimage.repos;

/**
 * One merge line of an aggregate: {@code "remote ref"} or {@code {remote, ref, depth}}.
 * In a lock, {@code ref} is a full 40-hex commit SHA and {@code lockedFrom} remembers
 * the human ref that produced it ({@code # locked-from: <remote> <ref>}).
 *
 * @param remote     remote name, a key of the aggregate's remotes
 * @param ref        branch, tag, full ref name or SHA as written (a SHA in a lock)
 * @param depth      explicit fetch depth of this merge, or null
 * @param lockedFrom the human ref that was resolved to {@code ref} (lock only), or null
 * @param line       1-based line of the merge in its file, 0 when unknown (for errors)
 */
public record Merge(String remote, String ref, Integer depth, String lockedFrom, int line) {

    public Merge {
        if (remote == null || remote.isBlank() || ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("a merge needs a remote and a ref");
        }
    }

    public Merge(String remote, String ref) {
        this(remote, ref, null, null, 0);
    }

    /** True when {@code ref} is a full commit SHA, as in a lock. */
    public boolean isPinned() {
        return ref.length() == 40 && ref.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** How the user writes this merge: {@code "remote ref"}. */
    @Override
    public String toString() {
        return remote + " " + ref;
    }
}
