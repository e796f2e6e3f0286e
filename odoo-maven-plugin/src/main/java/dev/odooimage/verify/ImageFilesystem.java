package dev.odooimage.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The merged view of an image's layers: what a container started from it sees.
 * OCI whiteouts are applied: {@code .wh.<name>} hides {@code <name>} of lower layers,
 * {@code .wh..wh..opq} hides everything lower layers put in its directory.
 */
public final class ImageFilesystem {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    private static final int MAX_SYMLINKS = 40;

    private final TreeMap<String, LayerEntry> entries;
    private final Map<String, byte[]> contents;

    private ImageFilesystem(TreeMap<String, LayerEntry> entries, Map<String, byte[]> contents) {
        this.entries = entries;
        this.contents = contents;
    }

    static ImageFilesystem apply(List<List<LayerEntry>> layers, List<Map<String, byte[]>> layerContents) {
        TreeMap<String, LayerEntry> fs = new TreeMap<>();
        Map<String, byte[]> contents = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            List<LayerEntry> layer = layers.get(i);
            // Whiteouts hide lower layers only, whatever their position in this layer's tar.
            for (LayerEntry e : layer) {
                String name = e.name();
                String dir = LayerEntry.parent(e.path());
                if (name.equals(OPAQUE)) {
                    removeBelow(fs, contents, dir);
                } else if (name.startsWith(WHITEOUT_PREFIX)) {
                    String hidden = child(dir, name.substring(WHITEOUT_PREFIX.length()));
                    remove(fs, contents, hidden);
                    removeBelow(fs, contents, hidden);
                }
            }
            Map<String, byte[]> captured = i < layerContents.size() ? layerContents.get(i) : Map.of();
            for (LayerEntry e : layer) {
                if (e.name().startsWith(WHITEOUT_PREFIX)) {
                    continue;
                }
                addParents(fs, e);
                LayerEntry previous = fs.put(e.path(), e);
                if (previous != null && previous.isDirectory() && !e.isDirectory()) {
                    removeBelow(fs, contents, e.path());
                }
                contents.remove(e.path());
                byte[] data = captured.get(e.path());
                if (data != null) {
                    contents.put(e.path(), data);
                }
            }
        }
        return new ImageFilesystem(fs, contents);
    }

    /** Tars need not list parent directories; the runtime creates them (root, 0755), and so do we. */
    private static void addParents(TreeMap<String, LayerEntry> fs, LayerEntry e) {
        String p = LayerEntry.parent(e.path());
        while (!p.equals("/") && !fs.containsKey(p)) {
            fs.put(p, new LayerEntry(p, LayerEntry.Type.DIRECTORY, 0755, 0, 0, 0, "", e.layer()));
            p = LayerEntry.parent(p);
        }
    }

    private static void remove(TreeMap<String, LayerEntry> fs, Map<String, byte[]> contents, String path) {
        fs.remove(path);
        contents.remove(path);
    }

    private static void removeBelow(TreeMap<String, LayerEntry> fs, Map<String, byte[]> contents, String dir) {
        NavigableMap<String, LayerEntry> below = descendantsMap(fs, dir);
        below.keySet().forEach(contents::remove);
        below.clear();
    }

    private static NavigableMap<String, LayerEntry> descendantsMap(TreeMap<String, LayerEntry> fs, String dir) {
        String prefix = dir.equals("/") ? "/" : dir + "/";
        // '0' is the character right after '/', so this range is exactly "prefix*".
        String end = dir.equals("/") ? "0" : dir + "0";
        return fs.subMap(prefix, true, end, false);
    }

    static String child(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    /** The entry at {@code path}, following symlinks in every component (like the kernel would). */
    public Optional<LayerEntry> lookup(String path) {
        String resolved = resolve(LayerEntry.normalise(path), 0);
        return resolved == null ? Optional.empty() : Optional.ofNullable(entries.get(resolved));
    }

    /** The entry at {@code path} itself, without following a final symlink. */
    public Optional<LayerEntry> entry(String path) {
        return Optional.ofNullable(entries.get(LayerEntry.normalise(path)));
    }

    public boolean exists(String path) {
        return lookup(path).isPresent();
    }

    public boolean isDirectory(String path) {
        return lookup(path).map(LayerEntry::isDirectory).orElse(false);
    }

    /** Whether {@code path} is a regular file (or a hard link to one). */
    public boolean isFile(String path) {
        return lookup(path).map(e -> e.type() == LayerEntry.Type.FILE || e.type() == LayerEntry.Type.HARDLINK)
                .orElse(false);
    }

    /** The captured bytes of a file (only files the reader was asked to capture). */
    public Optional<byte[]> read(String path) {
        String resolved = resolve(LayerEntry.normalise(path), 0);
        if (resolved == null) {
            return Optional.empty();
        }
        LayerEntry e = entries.get(resolved);
        if (e != null && e.type() == LayerEntry.Type.HARDLINK) {
            resolved = LayerEntry.normalise(e.link());
        }
        return Optional.ofNullable(contents.get(resolved));
    }

    public Optional<String> readString(String path) {
        return read(path).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Direct children of a directory (after symlink resolution of the directory itself). */
    public List<LayerEntry> children(String dir) {
        String resolved = resolve(LayerEntry.normalise(dir), 0);
        List<LayerEntry> out = new ArrayList<>();
        if (resolved == null) {
            return out;
        }
        for (LayerEntry e : descendantsMap(entries, resolved).values()) {
            if (LayerEntry.parent(e.path()).equals(resolved)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every entry at or below {@code dir} (no symlink resolution). */
    public List<LayerEntry> tree(String dir) {
        String d = LayerEntry.normalise(dir);
        List<LayerEntry> out = new ArrayList<>();
        entry(d).ifPresent(out::add);
        out.addAll(descendantsMap(entries, d).values());
        return out;
    }

    public int size() {
        return entries.size();
    }

    /** Resolves symlinks in every component; null when links loop. */
    private String resolve(String path, int depth) {
        if (depth > MAX_SYMLINKS) {
            return null;
        }
        if (path.equals("/")) {
            return "/";
        }
        String current = "/";
        String[] parts = path.substring(1).split("/");
        for (int i = 0; i < parts.length; i++) {
            String candidate = child(current, parts[i]);
            LayerEntry e = entries.get(candidate);
            if (e == null) {
                // Tars need not list parent directories: a missing component is a plain directory.
                current = candidate;
                continue;
            }
            if (e.type() == LayerEntry.Type.SYMLINK) {
                String target = e.link().startsWith("/") ? e.link() : child(current, e.link());
                String rest = String.join("/", java.util.Arrays.copyOfRange(parts, i + 1, parts.length));
                String next = LayerEntry.normalise(rest.isEmpty() ? target : target + "/" + rest);
                return resolve(next, depth + 1);
            }
            current = candidate;
        }
        return current;
    }
}
