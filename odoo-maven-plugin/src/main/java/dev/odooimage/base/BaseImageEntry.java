package dev.odooimage.base;

/**
 * One path of a base image's merged file system, as its top-most layer left it.
 *
 * @param path absolute, normalised ({@code /usr/bin/python3.11})
 * @param type what the tar entry is
 * @param mode permission bits ({@code 0755}), without the type
 * @param uid  numeric owner
 * @param gid  numeric group
 * @param size bytes of a regular file, else 0
 * @param link symlink target as stored (relative or absolute), or a hard link's absolute
 *             target path; empty for other types
 */
public record BaseImageEntry(String path, Type type, int mode, long uid, long gid, long size, String link) {

    /** Tar entry types that matter for reading an image. */
    public enum Type {
        FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER
    }

    public boolean isSymlink() {
        return type == Type.SYMLINK;
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    /** A regular file or a hard link to one. */
    public boolean isFile() {
        return type == Type.FILE || type == Type.HARDLINK;
    }

    /** The last path component. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code /a/b/../c} and {@code ./a//b} as a layer tar may spell them, made {@code /a/c}, {@code /a/b}. */
    public static String normalise(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                out.setLength(Math.max(out.lastIndexOf("/"), 0));
                continue;
            }
            out.append('/').append(part);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** The parent of a normalised path ({@code /} for top-level entries). */
    public static String parent(String path) {
        int cut = path.lastIndexOf('/');
        return cut <= 0 ? "/" : path.substring(0, cut);
    }

    static String child(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }
}
