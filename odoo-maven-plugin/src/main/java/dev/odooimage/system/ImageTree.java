package dev.odooimage.system;

import java.util.HashMap;
import java.util.Map;

/**
 * A path-only view of an image's file tree (base entries, then our layer over them), enough to
 * answer "is there a file at this path", following symlinks in every component as the kernel does.
 */
public final class ImageTree {
    private static final int MAX_LINKS = 40;
    private final Map<String, String> links = new HashMap<>();
    private final Map<String, Boolean> files = new HashMap<>();

    /** Records an entry ({@code path} absolute): a file, a directory, or a symlink to {@code link}. */
    public void put(String path, boolean isFile, String link) {
        String p = normalise(path);
        links.remove(p);
        files.remove(p);
        if (link != null) {
            links.put(p, link);
        } else {
            files.put(p, isFile);
        }
    }

    public boolean isFile(String path) {
        return file(path) != null;
    }

    /** The path of the file {@code path} leads to after every symlink, or null when it leads to no file. */
    public String file(String path) {
        String r = resolve(normalise(path), 0);
        return r != null && Boolean.TRUE.equals(files.get(r)) ? r : null;
    }

    private String resolve(String path, int depth) {
        if (depth > MAX_LINKS) {
            return null;
        }
        String[] parts = path.substring(1).split("/");
        String cur = "";
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() || parts[i].equals(".")) {
                continue;
            }
            if (parts[i].equals("..")) {
                cur = cur.isEmpty() ? "" : parent(cur).equals("/") ? "" : parent(cur);
                continue;
            }
            String next = cur + "/" + parts[i];
            String link = links.get(next);
            if (link != null) {
                String target = link.startsWith("/") ? link : (cur.isEmpty() ? "" : cur) + "/" + link;
                String rest = String.join("/", java.util.Arrays.copyOfRange(parts, i + 1, parts.length));
                return resolve(normalise(target + (rest.isEmpty() ? "" : "/" + rest)), depth + 1);
            }
            cur = next;
        }
        return cur.isEmpty() ? "/" : cur;
    }

    /** Absolute, without empty or "." segments; ".." is left to {@link #resolve} (it may follow a link). */
    static String normalise(String path) {
        StringBuilder out = new StringBuilder();
        for (String s : path.split("/")) {
            if (!s.isEmpty() && !s.equals(".")) {
                out.append('/').append(s);
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }
}
