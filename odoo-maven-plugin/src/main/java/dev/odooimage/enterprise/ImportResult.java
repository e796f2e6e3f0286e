package dev.odooimage.enterprise;

import java.util.List;

/**
 * What an import found and did.
 *
 * @param bundle         the bundle and its identity
 * @param community      the Community checkout it was classified against
 * @param classification which modules are Community (identical or drifted) and which Enterprise
 * @param mirror         the mirror, credentials masked
 * @param branch         the mirror branch
 * @param applied        false for a dry run (nothing committed, nothing pushed)
 * @param changes        module changes (with their commits when applied)
 * @param readmeChanged  whether the README identity block changes
 * @param readmeCommit   the README commit, or null
 * @param before         the branch's commit before, or null when it did not exist
 * @param after          the branch's commit after (= before when nothing changed or dry run)
 */
public record ImportResult(Bundle bundle, CommunityCheckout community, Classification classification, String mirror,
        String branch, boolean applied, List<ModuleChange> changes, boolean readmeChanged, String readmeCommit,
        String before, String after) {

    public ImportResult {
        changes = List.copyOf(changes);
    }

    /** Commits made (or, in a dry run, that apply would make). */
    public int commits() {
        return changes.size() + (readmeChanged ? 1 : 0);
    }
}
