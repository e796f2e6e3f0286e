package dev.odooimage.aggregate;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;

import dev.odooimage.repos.Merge;
import dev.odooimage.util.OdooImageException;

/**
 * git-aggregator's merge loop without a working tree: start at the first merge, then for
 * each following merge do what {@code git pull --ff --no-rebase --no-edit} does (nothing
 * when already contained, fast-forward when possible, else a real merge commit made with
 * the recursive strategy). Merge commits get a fixed identity and date, so the same lock
 * gives the same commit ids.
 */
final class MergeSequence {
    static final PersonIdent IDENT = new PersonIdent("odoo-maven-plugin", "odoo-maven-plugin@localhost",
            Instant.EPOCH, ZoneOffset.UTC);

    /** A merge of the lock with the commit it pins. */
    record Pinned(Merge merge, ObjectId commit) {
    }

    /** The result: the final commit, or null when history is too shallow to find a merge base. */
    record Outcome(ObjectId commit, String shallowAt) {
        boolean needsDeeperHistory() {
            return commit == null;
        }
    }

    private MergeSequence() {
    }

    static Outcome run(Repository repo, String aggregatePath, List<Pinned> merges) throws IOException {
        try (ObjectInserter ins = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
            RevCommit head = walk.parseCommit(merges.get(0).commit());
            for (int i = 1; i < merges.size(); i++) {
                Pinned next = merges.get(i);
                RevCommit other = walk.parseCommit(next.commit());
                walk.reset();
                if (walk.isMergedInto(other, head)) {
                    continue; // "Already up to date."
                }
                walk.reset();
                if (walk.isMergedInto(head, other)) {
                    head = other; // fast-forward
                    continue;
                }
                walk.reset();
                walk.setRevFilter(RevFilter.MERGE_BASE);
                walk.markStart(head);
                walk.markStart(walk.parseCommit(other));
                RevCommit base = walk.next();
                walk.reset();
                walk.setRevFilter(RevFilter.ALL);
                if (base == null) {
                    return new Outcome(null, next.merge().toString());
                }
                ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
                if (!merger.merge(head, other)) {
                    Set<String> paths = new LinkedHashSet<>(merger.getUnmergedPaths());
                    if (merger.getFailingPaths() != null) {
                        paths.addAll(merger.getFailingPaths().keySet());
                    }
                    throw conflict(repo, aggregatePath, merges, i, base, paths);
                }
                CommitBuilder cb = new CommitBuilder();
                cb.setTreeId(merger.getResultTreeId());
                cb.setParentIds(head, other);
                cb.setAuthor(IDENT);
                cb.setCommitter(IDENT);
                cb.setMessage("Merge " + next.merge().remote() + " " + next.merge().ref() + "\n");
                ObjectId merged = ins.insert(cb);
                ins.flush();
                head = walk.parseCommit(merged);
            }
            return new Outcome(head.copy(), null);
        }
    }

    private static OdooImageException conflict(Repository repo, String path, List<Pinned> merges, int i,
            RevCommit base, Set<String> paths) throws IOException {
        // Name the earlier merge that actually changed the conflicting files, not just "the result so far".
        int culprit = i - 1;
        String first = paths.isEmpty() ? null : paths.iterator().next();
        if (first != null) {
            ObjectId baseBlob = blob(repo, base, first);
            for (int j = i - 1; j >= 0; j--) {
                ObjectId b = blob(repo, merges.get(j).commit(), first);
                if (b != null ? !b.equals(baseBlob) : baseBlob != null) {
                    culprit = j;
                    break;
                }
            }
        }
        Pinned a = merges.get(culprit);
        Pinned b = merges.get(i);
        List<String> shown = new ArrayList<>(paths);
        String list = String.join(", ", shown.subList(0, Math.min(20, shown.size())))
                + (shown.size() > 20 ? " (and " + (shown.size() - 20) + " more)" : "");
        return new OdooImageException("merge conflict in aggregate " + path + " between merge '" + a.merge()
                + "'" + line(a.merge()) + " and merge '" + b.merge() + "'" + line(b.merge())
                + "; conflicting paths: " + list
                + ". Resolve it upstream (rebase the branch) or drop one of the merges from repos.yaml, then run mvn odoo:lock.");
    }

    private static String line(Merge m) {
        return m.line() > 0 ? " (line " + m.line() + ")" : "";
    }

    private static ObjectId blob(Repository repo, ObjectId commit, String path) throws IOException {
        try (RevWalk w = new RevWalk(repo)) {
            RevCommit c = w.parseCommit(commit);
            try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
                return tw == null ? null : tw.getObjectId(0);
            }
        }
    }
}
