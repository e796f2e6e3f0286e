package dev.odooimage.enterprise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * What the mirror needs to hold the bundle's Enterprise modules, and, when applied, the
 * commits that do it: one per module change (added, changed, removed) in module order, then
 * one for the README's source bundle identity block when it changed. Importing the same bundle
 * again plans nothing. Commits are built from trees, on top of the cloned branch.
 */
final class MirrorUpdate {

    /** The planned changes and the README text they lead to (null when the README stays). */
    record Plan(List<ModuleChange> changes, String readme, ObjectId base) {
        boolean isEmpty() {
            return changes.isEmpty() && readme == null;
        }
    }

    private MirrorUpdate() {
    }

    static Plan plan(MirrorClone mirror, Bundle bundle, SortedMap<String, ModuleTree> enterprise,
            CommunityCheckout community, ObjectInserter inserter) throws IOException {
        ObjectId baseTree = mirror.treeOf(mirror.cloned());
        SortedMap<String, ObjectId> present = mirror.modules(baseTree);
        List<ModuleChange> changes = new ArrayList<>();
        for (Map.Entry<String, ModuleTree> e : enterprise.entrySet()) {
            ObjectId tree = e.getValue().writeTree(inserter);
            ObjectId have = present.get(e.getKey());
            if (have == null) {
                changes.add(new ModuleChange(e.getKey(), ModuleChange.Kind.ADDED, e.getValue().files().size(),
                        "new Enterprise module in the bundle", null));
            } else if (!have.equals(tree)) {
                changes.add(new ModuleChange(e.getKey(), ModuleChange.Kind.CHANGED, e.getValue().files().size(),
                        "the bundle's copy differs from the mirror's", null));
            }
        }
        for (String m : present.keySet()) {
            if (!enterprise.containsKey(m)) {
                changes.add(new ModuleChange(m, ModuleChange.Kind.REMOVED, 0, community.modules().containsKey(m)
                        ? "now a Community module (in " + community.aggregate() + "), which is authoritative"
                        : "no longer in the bundle", null));
            }
        }
        changes.sort((a, b) -> a.module().compareTo(b.module()));
        inserter.flush();
        String before = mirror.read(baseTree, "README.md");
        String after = MirrorReadme.update(before, bundle, mirror.branch());
        return new Plan(changes, after.equals(before) ? null : after, mirror.cloned());
    }

    /** Makes the plan's commits in the clone and returns them (with their SHAs) and the new tip. */
    static Applied apply(MirrorClone mirror, Plan plan, Bundle bundle, SortedMap<String, ModuleTree> enterprise,
            PersonIdent author, ObjectInserter inserter) throws IOException {
        ObjectId tip = plan.base();
        DirCache index = DirCache.newInCore();
        if (tip != null) {
            DirCacheBuilder b = index.builder();
            try (ObjectReader reader = mirror.repository().newObjectReader()) {
                b.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, mirror.treeOf(tip));
            }
            b.finish();
        }
        List<ModuleChange> done = new ArrayList<>();
        for (ModuleChange c : plan.changes()) {
            DirCacheEditor remove = index.editor();
            remove.add(new DirCacheEditor.DeleteTree(c.module()));
            remove.finish();
            if (c.kind() != ModuleChange.Kind.REMOVED) {
                DirCacheEditor add = index.editor();
                enterprise.get(c.module()).files().forEach((path, f) -> add.add(new DirCacheEditor.PathEdit(
                        c.module() + "/" + path) {
                    @Override
                    public void apply(DirCacheEntry ent) {
                        ent.setFileMode(f.mode());
                        ent.setObjectId(f.blob());
                    }
                }));
                add.finish();
            }
            tip = commit(index, tip, message(c, bundle), author, inserter);
            done.add(c.withCommit(tip.name()));
        }
        String readmeCommit = null;
        if (plan.readme() != null) {
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, plan.readme().getBytes(StandardCharsets.UTF_8));
            DirCacheEditor edit = index.editor();
            edit.add(new DirCacheEditor.PathEdit("README.md") {
                @Override
                public void apply(DirCacheEntry ent) {
                    ent.setFileMode(FileMode.REGULAR_FILE);
                    ent.setObjectId(blob);
                }
            });
            edit.finish();
            tip = commit(index, tip, "[IMP] README: source bundle " + bundle.fileName() + "\n\nsha256 " + bundle.sha256()
                    + ", " + bundle.size() + " bytes, built " + bundle.date() + ".\n", author, inserter);
            readmeCommit = tip.name();
        }
        inserter.flush();
        return new Applied(done, readmeCommit, tip);
    }

    /** What {@link #apply} committed. */
    record Applied(List<ModuleChange> changes, String readmeCommit, ObjectId tip) {
    }

    private static ObjectId commit(DirCache index, ObjectId parent, String message, PersonIdent author,
            ObjectInserter inserter) throws IOException {
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(index.writeTree(inserter));
        if (parent != null) {
            c.setParentId(parent);
        }
        c.setAuthor(author);
        c.setCommitter(author);
        c.setMessage(message);
        return inserter.insert(c);
    }

    static String message(ModuleChange c, Bundle bundle) {
        String what = switch (c.kind()) {
            case ADDED -> "import from " + bundle.fileName();
            case CHANGED -> "update from " + bundle.fileName();
            case REMOVED -> "remove, " + c.reason() + " (bundle " + bundle.fileName() + ")";
        };
        return c.kind().tag() + " " + c.module() + ": " + what + "\n\nImported by mvn odoo:enterprise-import from source"
                + " bundle " + bundle.fileName() + "\n(sha256 " + bundle.sha256() + ", " + bundle.size() + " bytes).\n";
    }
}
