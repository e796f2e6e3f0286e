package dev.odooimage.verify;

/**
 * One file system entry of one image layer, as its tar header describes it.
 *
 * @param path   absolute, normalised path ("/opt/odoo/src", never a trailing slash)
 * @param type   what the entry is
 * @param mode   permission bits (lower 12 bits of the tar mode)
 * @param uid    numeric owner
 * @param gid    numeric group
 * @param size   content size in bytes (0 for non-files)
 * @param link   symlink or hard link target ("" otherwise)
 * @param layer  index of the layer that holds it (0 = bottom)
 */
public record LayerEntry(String path, Type type, int mode, long uid, long gid, long size, String link, int layer) {

    public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    /** The last path segment. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Normalises a tar entry name ("./opt/odoo/", "opt//odoo") to "/opt/odoo"; "/" for the root. */
    public static String normalise(String tarName) {
        StringBuilder out = new StringBuilder();
        for (String part : tarName.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                int cut = out.lastIndexOf("/");
                out.setLength(Math.max(cut, 0));
                continue;
            }
            out.append('/').append(part);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** The parent of a normalised path ("/" for top-level entries). */
    public static String parent(String path) {
        int cut = path.lastIndexOf('/');
        return cut <= 0 ? "/" : path.substring(0, cut);
    }
}
