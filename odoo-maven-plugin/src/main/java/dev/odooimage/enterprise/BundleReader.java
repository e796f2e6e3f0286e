package dev.odooimage.enterprise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.odooimage.addons.AddonsPathService;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * First pass over a source bundle, in memory: every entry name is checked (no absolute path,
 * no {@code ..}, no link leading out of the bundle's top directory, nothing stored under a
 * link, no device or fifo) before anything is written anywhere, then the layout is detected:
 * {@code <top>/odoo/addons/<module>} and/or {@code <top>/addons/<module>}, as Odoo ships it.
 * Any other layout is refused, naming what was found.
 */
public final class BundleReader {
    /** Where Odoo keeps addons inside a source tree, in addons_path order. */
    static final List<String> ADDON_ROOTS = List.of("odoo/addons", "addons");

    private BundleReader() {
    }

    public static Bundle read(Path file) {
        BundleArchive archive = BundleArchive.open(file);
        String where = "source bundle " + file.getFileName();
        Map<String, BundleArchive.Type> types = new HashMap<>();
        Map<String, String> symlinks = new TreeMap<>();
        Set<String> hardlinkTargets = new HashSet<>();
        Instant[] newest = {Instant.EPOCH};
        Map<String, String> releases = new HashMap<>(); // odoo/release.py texts, by name: the series check

        int[] count = {0};
        archive.forEach((e, in) -> {
            count[0]++;
            String name = normalise(e.name(), where);
            if (name.isEmpty()) {
                return; // "./" itself
            }
            if (e.modified().isAfter(newest[0])) {
                newest[0] = e.modified();
            }
            switch (e.type()) {
                case OTHER -> throw new OdooImageException(where + ": entry '" + e.name() + "' is a device, fifo or"
                        + " other special file; a source bundle holds files, directories and links only. Refused;"
                        + " nothing was written.");
                case SYMLINK -> symlinks.put(name, e.linkTarget());
                case HARDLINK -> {
                    String target = normalise(e.linkTarget(), where + ", hard link '" + e.name() + "'");
                    if (types.get(target) != BundleArchive.Type.FILE) {
                        throw new OdooImageException(where + ": hard link '" + e.name() + "' points to '"
                                + e.linkTarget() + "', which is not a file stored before it in the bundle. Refused;"
                                + " nothing was written.");
                    }
                    hardlinkTargets.add(target);
                }
                case FILE -> {
                    if (name.endsWith("odoo/release.py") && name.split("/").length <= 3) {
                        releases.put(name, new String(in.readNBytes(1 << 20), java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
                default -> {
                }
            }
            types.put(name, e.type() == BundleArchive.Type.HARDLINK ? BundleArchive.Type.FILE : e.type());
        });
        for (String name : types.keySet()) {
            for (String parent = parentOf(name); parent != null; parent = parentOf(parent)) {
                if (symlinks.containsKey(parent)) {
                    throw new OdooImageException(where + ": entry '" + name + "' is stored under the symbolic link '"
                            + parent + "': extracting it would write through the link. Refused; nothing was written.");
                }
            }
        }
        String top = topDirectory(types.keySet());
        Map<String, String> resolved = new TreeMap<>();
        symlinks.forEach((name, target) -> resolved.put(name, checkLink(name, target, top, where)));
        List<String> roots = new ArrayList<>();
        TreeMap<String, String> modules = new TreeMap<>();
        for (String root : ADDON_ROOTS) {
            String prefix = (top.isEmpty() ? "" : top + "/") + root + "/";
            boolean found = false;
            for (String name : types.keySet()) {
                if (name.startsWith(prefix) && name.endsWith("/__manifest__.py")
                        && name.indexOf('/', prefix.length()) == name.length() - "/__manifest__.py".length()) {
                    String module = name.substring(prefix.length(), name.length() - "/__manifest__.py".length());
                    if (types.get(prefix + module + "/__init__.py") != BundleArchive.Type.FILE) {
                        continue; // not an addon for Odoo either
                    }
                    String before = modules.putIfAbsent(module, root + "/" + module);
                    if (before != null) {
                        throw new OdooImageException(where + ": module '" + module + "' is in both " + before + " and "
                                + root + "/" + module + "; a bundle holds each module once. Refused.");
                    }
                    found = true;
                }
            }
            if (found) {
                roots.add(root);
            }
        }
        if (roots.isEmpty()) {
            throw new OdooImageException(where + ": unknown layout. Expected <top>/odoo/addons/<module>/__manifest__.py"
                    + " and/or <top>/addons/<module>/__manifest__.py (an Odoo Enterprise source bundle as downloaded);"
                    + " found " + describe(types.keySet(), top) + ".");
        }
        String prefix = top.isEmpty() ? "" : top + "/";
        Bundle probe = new Bundle(file, 0, "", newest[0], archive.format().id(), top, roots, modules, count[0], 0,
                hardlinkTargets, null);
        // In the mirror a module sits at the top of the repository: a link leaving its module would point out of it.
        resolved.forEach((name, target) -> {
            String[] module = probe.moduleOf(name);
            String dir = module == null ? null : prefix + modules.get(module[0]);
            if (dir != null && !target.equals(dir) && !target.startsWith(dir + "/")) {
                throw new OdooImageException(where + ": symbolic link '" + name + "' -> '" + symlinks.get(name)
                        + "' leaves its module " + module[0] + ", so it would point out of the mirror. Refused; nothing"
                        + " was written.");
            }
        });
        int outside = (int) types.entrySet().stream()
                .filter(t -> t.getValue() == BundleArchive.Type.FILE && t.getKey().startsWith(prefix)
                        && probe.moduleOf(t.getKey()) == null)
                .count();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new OdooImageException("cannot read the source bundle " + file + ": " + e.getMessage(), e);
        }
        String release = releases.get(prefix + "odoo/release.py");
        return new Bundle(file, size, Digests.sha256Hex(file), newest[0], archive.format().id(), top, roots, modules,
                count[0], outside, hardlinkTargets, release == null ? null : AddonsPathService.seriesOfRelease(release));
    }

    /**
     * The name without {@code ./} prefixes or trailing slashes; absolute names, {@code ..} and
     * {@code .} segments, backslashes and NULs are refused.
     */
    static String normalise(String stored, String where) {
        String n = stored;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        if ((n.isEmpty() || n.equals(".")) && !stored.startsWith("/")) {
            return ""; // the archive's own root, as "tar -C dir ." stores it
        }
        if (stored.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.contains("\\") || n.indexOf('\0') >= 0
                || List.of(n.split("/", -1)).stream().anyMatch(s -> s.isEmpty() || s.equals("..") || s.equals("."))) {
            throw new OdooImageException(where + ": entry '" + stored + "' escapes the bundle (absolute path, '..' or"
                    + " an ambiguous name). Refused; nothing was written. Download the bundle again from Odoo.");
        }
        return n;
    }

    /**
     * A link must resolve, from its own directory, to a path inside the bundle's top directory;
     * returns that path.
     */
    private static String checkLink(String name, String target, String topDir, String where) {
        String refused = where + ": symbolic link '" + name + "' -> '" + target + "' points outside the bundle."
                + " Refused; nothing was written.";
        if (target == null || target.isEmpty() || target.startsWith("/") || target.contains("\\")
                || target.matches("^[A-Za-z]:.*")) {
            throw new OdooImageException(refused);
        }
        Deque<String> path = new ArrayDeque<>();
        String parent = parentOf(name);
        if (parent != null) {
            path.addAll(List.of(parent.split("/")));
        }
        String top = topDir.isEmpty() ? null : topDir;
        for (String s : target.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (path.isEmpty()) {
                    throw new OdooImageException(refused);
                }
                path.removeLast();
            } else {
                path.addLast(s);
            }
        }
        // The link may not even reach the top directory itself: its siblings are outside the bundle's tree.
        if (top != null && (path.isEmpty() || !path.peekFirst().equals(top))) {
            throw new OdooImageException(refused);
        }
        return String.join("/", path);
    }

    private static String parentOf(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? null : name.substring(0, slash);
    }

    /** The one directory everything sits in, or "" when the addon roots are at the archive's top. */
    private static String topDirectory(Set<String> names) {
        Set<String> first = new TreeSet<>();
        for (String n : names) {
            first.add(n.contains("/") ? n.substring(0, n.indexOf('/')) : n);
        }
        if (first.contains("odoo") || first.contains("addons") || first.size() != 1) {
            return "";
        }
        return first.iterator().next();
    }

    private static String describe(Set<String> names, String top) {
        if (names.isEmpty()) {
            return "an empty archive";
        }
        String prefix = top.isEmpty() ? "" : top + "/";
        Set<String> below = new LinkedHashSet<>();
        for (String n : new TreeSet<>(names)) {
            if (n.startsWith(prefix) && !n.equals(top)) {
                String rest = n.substring(prefix.length());
                below.add(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) + "/" : rest);
            }
        }
        List<String> shown = new ArrayList<>(below).subList(0, Math.min(10, below.size()));
        return (top.isEmpty() ? "at the top: " : "under " + top + "/: ") + String.join(", ", shown)
                + (below.size() > shown.size() ? " and " + (below.size() - shown.size()) + " more" : "");
    }
}
