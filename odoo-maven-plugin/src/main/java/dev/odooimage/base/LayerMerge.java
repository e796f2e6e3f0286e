package dev.odooimage.base;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Stacks layers, bottom first, into the file system a container started from the image
 * sees. OCI whiteouts (image-spec layer.md): {@code .wh.<name>} hides {@code <name>} of the
 * lower layers, {@code .wh..wh..opq} hides everything the lower layers put in its directory.
 * Whiteouts apply to lower layers only, wherever they stand in their own layer's tar.
 */
final class LayerMerge {
    static final String WHITEOUT = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";

    final TreeMap<String, BaseImageEntry> entries = new TreeMap<>();
    final Map<String, byte[]> files = new HashMap<>();
    final Map<String, String> versions = new HashMap<>();

    void apply(LayerContent layer) {
        for (BaseImageEntry e : layer.entries()) {
            String dir = BaseImageEntry.parent(e.path());
            if (e.name().equals(OPAQUE)) {
                removeBelow(dir);
            } else if (e.name().startsWith(WHITEOUT)) {
                String hidden = BaseImageEntry.child(dir, e.name().substring(WHITEOUT.length()));
                remove(hidden);
                removeBelow(hidden);
            }
        }
        for (BaseImageEntry e : layer.entries()) {
            if (e.name().startsWith(WHITEOUT)) {
                continue;
            }
            addParents(e.path());
            BaseImageEntry previous = entries.put(e.path(), e);
            if (previous != null && previous.isDirectory() && !e.isDirectory()) {
                removeBelow(e.path());
            }
            files.remove(e.path());
            versions.remove(e.path());
            byte[] data = layer.files().get(e.path());
            if (data != null) {
                files.put(e.path(), data);
            }
            String version = layer.versions().get(e.path());
            if (version != null) {
                versions.put(e.path(), version);
            }
        }
    }

    /** Tars need not list parent directories; the runtime creates them (root, 0755), and so do we. */
    private void addParents(String path) {
        String p = BaseImageEntry.parent(path);
        while (!p.equals("/") && !entries.containsKey(p)) {
            entries.put(p, new BaseImageEntry(p, BaseImageEntry.Type.DIRECTORY, 0755, 0, 0, 0, ""));
            p = BaseImageEntry.parent(p);
        }
    }

    private void remove(String path) {
        entries.remove(path);
        files.remove(path);
        versions.remove(path);
    }

    private void removeBelow(String dir) {
        NavigableMap<String, BaseImageEntry> below = descendants(entries, dir);
        for (String p : below.keySet()) {
            files.remove(p);
            versions.remove(p);
        }
        below.clear();
    }

    /** Everything strictly below {@code dir}: '0' is the character after '/', so the range is "dir/*". */
    static <V> NavigableMap<String, V> descendants(TreeMap<String, V> map, String dir) {
        return dir.equals("/") ? map.subMap("/", false, "0", false) : map.subMap(dir + "/", true, dir + "0", false);
    }
}
