package dev.odooimage.repos;

/**
 * One line of the {@code odoo:lock} summary.
 *
 * @param kind   what happened
 * @param path   aggregate path
 * @param remote remote name (null for a whole removed aggregate)
 * @param ref    the human ref (null for a whole removed aggregate)
 * @param oldSha previous SHA (kept, refreshed, removed) or null
 * @param newSha new SHA (kept, added, refreshed) or null
 * @param reason why it was re-resolved ("refresh requested", "remote URL changed", ...), or null
 */
public record LockChange(Kind kind, String path, String remote, String ref, String oldSha, String newSha,
        String reason) {

    public enum Kind { KEPT, ADDED, REFRESHED, REMOVED }

    @Override
    public String toString() {
        String what = remote == null ? path + " (whole aggregate)" : path + " " + remote + " " + ref;
        return switch (kind) {
            case KEPT -> "kept      " + what + " " + shortSha(newSha);
            case ADDED -> "added     " + what + " " + shortSha(newSha) + (reason == null ? "" : " (" + reason + ")");
            case REFRESHED -> "refreshed " + what + " " + shortSha(oldSha) + " -> " + shortSha(newSha) + " ("
                    + (reason == null ? "refresh requested" : reason) + (oldSha.equals(newSha) ? ", unchanged)" : ")");
            case REMOVED -> "removed   " + what + (oldSha == null ? "" : " " + shortSha(oldSha));
        };
    }

    private static String shortSha(String sha) {
        return sha == null ? "" : sha.substring(0, Math.min(12, sha.length()));
    }
}
