package dev.odooimage.aggregate;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.jgit.attributes.Attributes;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.TreeWalk.OperationType;
import org.eclipse.jgit.util.io.EolStreamTypeUtil;

import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * Writes the tree of a commit to a directory, the way {@code git checkout} of a fresh clone
 * would with a default git configuration: only committed content (no {@code .git}, nothing
 * ignored or untracked), the executable bit kept, symlinks recreated as symlinks, submodules
 * as empty directories, and the end-of-line conversions the tree's own {@code .gitattributes}
 * ask for ({@link CheckoutConversion}). Modes are set explicitly (0644/0755) so the result
 * does not depend on the build user's umask. The {@link TreeDigest} of the result is
 * computed from the bytes as they are written, so nothing is read back.
 */
final class TreeExporter {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> EXEC = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> DIR = EXEC;

    /**
     * What an export produced: counts for the progress line, the {@link TreeDigest} of the
     * directory as written (null on a file system without POSIX modes, where only reading it
     * back tells what the digest sees), and the files whose checkout attributes were not
     * applied, by attribute ({@code filter=lfs} -> paths); {@code stats} holds every file's
     * stat data and hash, for {@link TreeDigest#of(Path, StatCache, StatCache)} on the next
     * build (null where the file system has no unix stat data).
     */
    record Result(long files, long bytes, List<String> submodules, String digest,
            Map<String, List<String>> unapplied, StatCache stats) {
    }

    private TreeExporter() {
    }

    /**
     * The current export of the same aggregate, whose files a rebuild hard-links instead of
     * writing them again when they come from the same blob with the same mode and conversion
     * and their stat data shows them untouched since (a moved merge usually changes few
     * files). The new tree is still complete on its own: the old one is deleted by the swap.
     */
    record Previous(Path dir, StatCache stats) {
        /** Links {@code path} from the previous export into {@code out}; its hash, or null when it cannot be reused. */
        byte[] link(String path, String origin, Path out) {
            if (!origin.equals(stats.origin(path))) {
                return null;
            }
            try {
                Path old = dir.resolve(path);
                byte[] hash = stats.hash(path, StatCache.stat(old));
                if (hash == null) {
                    return null; // changed, replaced or racy since it was exported: write it anew
                }
                Files.createLink(out, old);
                return hash;
            } catch (IOException | UnsupportedOperationException e) {
                return null; // another file system, no hard links: write it
            }
        }
    }

    /**
     * Git keeps names as bytes; Java writes names as UTF-8 here, so another encoding would be
     * renamed silently ({@code \xff\xfe} written as {@code ÿþ}) and two names could collide.
     * Such a tree is refused, naming the path as {@code git ls-files} quotes it.
     */
    static void requireUtf8(byte[] bytes, byte[] path, String what) {
        boolean ascii = true;
        for (byte b : bytes) {
            ascii &= b >= 0;
        }
        if (ascii) {
            return;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new OdooImageException("the " + what + " of " + gitQuoted(path) + " is not valid UTF-8; it cannot be"
                    + " written with the bytes git keeps, and is not renamed. Rename it in its repository (git mv,"
                    + " in UTF-8) and lock the new commit, or drop the merge that brings it.");
        }
    }

    /** A path as git quotes it with core.quotePath: octal escapes for bytes outside printable ASCII. */
    static String gitQuoted(byte[] path) {
        StringBuilder b = new StringBuilder("\"");
        for (byte x : path) {
            int c = x & 0xff;
            if (c == '"' || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f) {
                b.append('\\').append(String.format("%03o", c));
            } else {
                b.append((char) c);
            }
        }
        return b.append('"').toString();
    }

    static Result export(Repository repo, ObjectId tree, Path dir) throws IOException {
        return export(repo, tree, dir, null);
    }

    static Result export(Repository repo, ObjectId tree, Path dir, Previous previous) throws IOException {
        Files.createDirectories(dir);
        boolean posix = setMode(dir, DIR);
        long files = 0;
        long bytes = 0;
        List<String> submodules = new ArrayList<>();
        Map<String, List<String>> unapplied = new TreeMap<>();
        List<Path> dirs = new ArrayList<>();
        TreeListing listing = new TreeListing();
        // The listing directory of each depth of the walk: [0] is the root.
        List<TreeListing.Dir> parents = new ArrayList<>();
        parents.add(listing.root());
        MessageDigest md = Digests.sha256();
        byte[] buf = new byte[64 * 1024];
        StatCache stats = posix && StatCache.supported(dir) ? StatCache.empty() : null;
        // Creating each file with its mode, as git does, saves a chmod per file; only when
        // the umask leaves 0644/0755 intact, since the modes must not depend on it.
        boolean modeAtCreation = posix && umaskKeepsModes(dir);
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(reader)) {
            walk.setOperationType(OperationType.CHECKOUT_OP);
            walk.setAttributesNodeProvider(CheckoutConversion.TREE_ONLY);
            walk.addTree(tree);
            walk.setRecursive(false);
            while (walk.next()) {
                requireUtf8(walk.getRawPath(), walk.getRawPath(), "file name");
                String path = walk.getPathString();
                Path out = resolveInside(dir, path);
                String name = walk.getNameString();
                TreeListing.Dir parent = parents.get(walk.getDepth());
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.TREE) {
                    Files.createDirectory(out);
                    dirs.add(out);
                    TreeListing.Dir d = parent.dir(name);
                    parents.subList(walk.getDepth() + 1, parents.size()).clear();
                    parents.add(d);
                    walk.enterSubtree();
                } else if (mode == FileMode.SYMLINK) {
                    byte[] target = reader.open(walk.getObjectId(0)).getCachedBytes();
                    requireUtf8(target, walk.getRawPath(), "symlink target");
                    // The Path as created is what readSymbolicLink gives back (normalised).
                    Path link = Paths.get(new String(target, StandardCharsets.UTF_8));
                    Files.createSymbolicLink(out, link);
                    parent.link(name, link.toString());
                    files++;
                } else if (mode == FileMode.GITLINK) {
                    // git leaves an empty directory for a submodule that is not initialised.
                    Files.createDirectory(out);
                    dirs.add(out);
                    parent.dir(name);
                    submodules.add(path);
                } else {
                    Attributes attrs = walk.getAttributes();
                    for (String a : CheckoutConversion.unapplied(attrs)) {
                        unapplied.computeIfAbsent(a, k -> new ArrayList<>()).add(path);
                    }
                    boolean exec = mode == FileMode.EXECUTABLE_FILE;
                    EolStreamType eol = CheckoutConversion.eol(attrs);
                    String origin = walk.getObjectId(0).name() + (exec ? " x " : " - ") + eol;
                    byte[] hash = stats != null && previous != null ? previous.link(path, origin, out) : null;
                    if (hash != null) {
                        bytes += Files.size(out);
                    } else {
                        ObjectLoader loader = reader.open(walk.getObjectId(0), Constants.OBJ_BLOB);
                        bytes += write(loader, eol, out, modeAtCreation ? exec ? EXEC : FILE : null, md, buf);
                        if (!modeAtCreation) {
                            posix &= setMode(out, exec ? EXEC : FILE);
                        }
                        hash = md.digest();
                    }
                    parent.file(name, exec, hash);
                    if (stats != null) {
                        // After the chmod (or link), which changes the ctime: the stat a later build sees.
                        stats.put(path, StatCache.stat(out), hash, origin);
                    }
                    files++;
                }
            }
        }
        for (Path d : dirs) {
            setMode(d, DIR);
        }
        return new Result(files, bytes, submodules, posix ? listing.digest() : null, unapplied,
                posix ? stats : null);
    }

    /** Writes one blob, converted; {@code md} ends up holding the hash of what was written. */
    private static long write(ObjectLoader loader, EolStreamType eol, Path out, Set<PosixFilePermission> mode,
            MessageDigest md, byte[] buf) throws IOException {
        if (eol == EolStreamType.AUTO_CRLF) {
            eol = CheckoutConversion.autoCrlfConverts(loader) ? EolStreamType.TEXT_CRLF : EolStreamType.DIRECT;
        }
        try (HashingOutputStream file = new HashingOutputStream(
                create(out, mode), md)) {
            if (eol == EolStreamType.DIRECT) {
                if (!loader.isLarge()) {
                    file.write(loader.getCachedBytes());
                } else {
                    try (InputStream in = loader.openStream()) {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            file.write(buf, 0, n);
                        }
                    }
                }
            } else {
                // The converter writes byte by byte around line ends: buffer below it.
                OutputStream converted = EolStreamTypeUtil.wrapOutputStream(new BufferedOutputStream(file, buf.length), eol);
                loader.copyTo(converted);
                converted.flush();
            }
            return file.count;
        }
    }

    /** Hashes and counts what goes through it. */
    private static final class HashingOutputStream extends FilterOutputStream {
        private final MessageDigest md;
        private long count;

        HashingOutputStream(OutputStream out, MessageDigest md) {
            super(out);
            this.md = md;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            md.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            md.update(b, off, len);
            count += len;
        }
    }

    /** Refuses paths that would escape the output (a hostile tree with {@code ..} entries). */
    private static Path resolveInside(Path dir, String path) throws IOException {
        Path out = dir.resolve(path).normalize();
        if (!out.startsWith(dir) || path.contains("\\") || path.equals(".git") || path.endsWith("/.git")) {
            throw new IOException("refusing unsafe path in the git tree: " + path);
        }
        return out;
    }

    private static final Set<StandardOpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    /** A new file, with {@code mode} set by the open itself when not null. */
    private static OutputStream create(Path out, Set<PosixFilePermission> mode) throws IOException {
        if (mode == null) {
            return Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        return java.nio.channels.Channels.newOutputStream(
                Files.newByteChannel(out, CREATE, PosixFilePermissions.asFileAttribute(mode)));
    }

    /** True when files created with 0755 and 0644 in {@code dir} get exactly these modes. */
    private static boolean umaskKeepsModes(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".umask", ".probe", PosixFilePermissions.asFileAttribute(EXEC));
            try {
                return Files.getPosixFilePermissions(probe).equals(EXEC);
            } finally {
                Files.delete(probe);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean setMode(Path p, Set<PosixFilePermission> perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, perms);
            return true;
        } catch (UnsupportedOperationException e) {
            // Non-POSIX file system: only the content matters there.
            return false;
        }
    }
}
