package dev.odooimage.aggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import dev.odooimage.util.Digests;

/**
 * The listing a tree digest is the sha256 of, built in memory: one line per directory
 * ({@code d rel}), file ({@code f rel x|- <sha256 hex>}) and symlink ({@code l rel -> target}),
 * the children of each directory in {@link #NAME_ORDER}. {@link TreeDigest} fills it from a
 * directory on disk and {@link TreeExporter} while it writes one, so that both produce the
 * same value for the same files by construction: the order and the format live only here.
 */
final class TreeListing {
    /**
     * Children are sorted by name alone, whatever their kind: {@code foo}, {@code foo-bar},
     * {@code foo.py} (git's tree order would put a directory {@code foo} after {@code foo.py}).
     */
    static final Comparator<String> NAME_ORDER = Comparator.naturalOrder();

    private static final HexFormat HEX = HexFormat.of();

    /** A directory of the listing; entries are added in any order. */
    static final class Dir {
        private final String name;
        private final List<Object> children = new ArrayList<>();

        private Dir(String name) {
            this.name = name;
        }

        /** Adds a sub-directory and returns it, to add its own entries to. */
        Dir dir(String childName) {
            Dir d = new Dir(childName);
            children.add(d);
            return d;
        }

        void file(String childName, boolean executable, byte[] sha256) {
            children.add(new File(childName, executable, sha256));
        }

        void link(String childName, String target) {
            children.add(new Link(childName, target));
        }
    }

    private record File(String name, boolean executable, byte[] sha256) {
    }

    private record Link(String name, String target) {
    }

    private final Dir root = new Dir("");

    /** The directory the listing is about (its own line is not part of the listing). */
    Dir root() {
        return root;
    }

    /** {@code sha256:<hex>} of the listing. */
    String digest() {
        MessageDigest md = Digests.sha256();
        StringBuilder line = new StringBuilder(256);
        emit(root, "", md, line);
        return "sha256:" + HEX.formatHex(md.digest());
    }

    private static void emit(Dir dir, String prefix, MessageDigest md, StringBuilder line) {
        dir.children.sort(Comparator.comparing(TreeListing::nameOf, NAME_ORDER));
        for (Object child : dir.children) {
            line.setLength(0);
            if (child instanceof Dir d) {
                String rel = prefix + d.name;
                line.append("d ").append(rel).append('\n');
                md.update(line.toString().getBytes(StandardCharsets.UTF_8));
                emit(d, rel + "/", md, line);
            } else if (child instanceof File f) {
                line.append("f ").append(prefix).append(f.name).append(' ').append(f.executable ? 'x' : '-')
                        .append(' ').append(HEX.formatHex(f.sha256)).append('\n');
                md.update(line.toString().getBytes(StandardCharsets.UTF_8));
            } else {
                Link l = (Link) child;
                line.append("l ").append(prefix).append(l.name).append(" -> ").append(l.target).append('\n');
                md.update(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String nameOf(Object child) {
        if (child instanceof Dir d) {
            return d.name;
        }
        return child instanceof File f ? f.name : ((Link) child).name;
    }
}
