package dev.odooimage.repos;

import java.util.List;

/**
 * What {@link Locker} produced: the new lock (not yet written) and one change per merge.
 */
public record LockResult(ReposConfig lock, List<LockChange> changes) {

    public LockResult {
        changes = List.copyOf(changes);
    }

    public long count(LockChange.Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).count();
    }

    /** One line such as "3 kept, 1 added, 1 refreshed, 0 removed". */
    public String totals() {
        return count(LockChange.Kind.KEPT) + " kept, " + count(LockChange.Kind.ADDED) + " added, "
                + count(LockChange.Kind.REFRESHED) + " refreshed, " + count(LockChange.Kind.REMOVED) + " removed";
    }
}
