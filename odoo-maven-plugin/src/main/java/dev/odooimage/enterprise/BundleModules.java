package dev.odooimage.enterprise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * Second pass over a checked bundle: every module's files as a {@link ModuleTree}. The blobs of
 * the modules to import ({@code keep}) go into the given git object database; the others (the
 * bundle's Community copies) are only hashed, to compare them with the Community checkout.
 * Files outside the modules (Odoo's core) are skipped.
 */
final class BundleModules {
    private BundleModules() {
    }

    static SortedMap<String, ModuleTree> read(Bundle bundle, Set<String> keep, ObjectInserter inserter) {
        ObjectInserter.Formatter hashOnly = new ObjectInserter.Formatter();
        Map<String, SortedMap<String, ModuleTree.FileEntry>> files = new TreeMap<>();
        bundle.modules().keySet().forEach(m -> files.put(m, new TreeMap<>()));
        Map<String, ModuleTree.FileEntry> linkTargets = new HashMap<>();
        BundleArchive.open(bundle.file()).forEach((e, in) -> {
            String name = BundleReader.normalise(e.name(), "source bundle " + bundle.fileName());
            String[] where = bundle.moduleOf(name);
            boolean linkTarget = bundle.hardlinkTargets().contains(name);
            if ((where == null || where[1].isEmpty() || ModuleTree.ignored(where[1])) && !linkTarget) {
                return;
            }
            boolean store = linkTarget || keep.contains(where[0]);
            ModuleTree.FileEntry f = switch (e.type()) {
                case FILE -> new ModuleTree.FileEntry(e.executable() ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE,
                        insert(store ? inserter : hashOnly, in.readAllBytes()));
                case SYMLINK -> new ModuleTree.FileEntry(FileMode.SYMLINK,
                        insert(store ? inserter : hashOnly, e.linkTarget().getBytes(StandardCharsets.UTF_8)));
                case HARDLINK -> linkTargets.get(BundleReader.normalise(e.linkTarget(), bundle.fileName()));
                default -> null;
            };
            if (f == null) {
                return;
            }
            if (linkTarget) {
                linkTargets.put(name, f);
            }
            if (where != null && !where[1].isEmpty() && !ModuleTree.ignored(where[1])) {
                files.get(where[0]).put(where[1], f);
            }
        });
        try {
            inserter.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SortedMap<String, ModuleTree> out = new TreeMap<>();
        files.forEach((m, f) -> out.put(m, new ModuleTree(f)));
        return out;
    }

    private static ObjectId insert(ObjectInserter inserter, byte[] content) throws IOException {
        // A Formatter only computes ids (it refuses insert): the bundle's Community copies are compared, never stored.
        return inserter instanceof ObjectInserter.Formatter f ? f.idFor(Constants.OBJ_BLOB, content)
                : inserter.insert(Constants.OBJ_BLOB, content);
    }
}
