package dev.odooimage.repos;

/**
 * An aggregate's {@code target: "remote branch"}: the branch git-aggregator creates
 * (and may push). Kept as written, e.g. {@code 17.0} stays a string.
 */
public record Target(String remote, String branch) {
    @Override
    public String toString() {
        return remote + " " + branch;
    }
}
