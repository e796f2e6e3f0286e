package dev.odooimage.aggregate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.jgit.attributes.Attributes;
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.TreeWalk.OperationType;

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
    private static final Set<PosixFilePermission> EXEC = BlobWriter.EXEC;
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
        return export(repo, tree, dir, previous, BlobWriter.defaultThreads());
    }

    /** {@code writers}: threads writing files ({@link BlobWriter}); the result does not depend on it. */
    static Result export(Repository repo, ObjectId tree, Path dir, Previous previous, int writers) throws IOException {
        PackReading.configure();
        Files.createDirectories(dir);
        boolean posix = setMode(dir, DIR);
        long files = 0;
        long bytes = 0;
        List<String> submodules = new ArrayList<>();
        Map<String, List<String>> unapplied = new TreeMap<>();
        List<Path> dirs = new ArrayList<>();
        List<BlobWriter.Job> jobs = new ArrayList<>();
        TreeListing listing = new TreeListing();
        // The listing directory of each depth of the walk: [0] is the root.
        List<TreeListing.Dir> parents = new ArrayList<>();
        parents.add(listing.root());
        StatCache stats = posix && StatCache.supported(dir) ? StatCache.empty() : null;
        // Creating each file with its mode, as git does, saves a chmod per file; only when
        // the umask leaves 0644/0755 intact, since the modes must not depend on it.
        boolean modeAtCreation = posix && umaskKeepsModes(dir);
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(reader);
                BlobWriter writer = new BlobWriter(repo, modeAtCreation, stats != null, previous, writers)) {
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
                    // Created here, before any of its files is handed to a writer.
                    createDirectory(out, modeAtCreation, dirs);
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
                    createDirectory(out, modeAtCreation, dirs);
                    parent.dir(name);
                    submodules.add(path);
                } else {
                    Attributes attrs = walk.getAttributes();
                    for (String a : CheckoutConversion.unapplied(attrs)) {
                        unapplied.computeIfAbsent(a, k -> new ArrayList<>()).add(path);
                    }
                    boolean exec = mode == FileMode.EXECUTABLE_FILE;
                    EolStreamType eol = CheckoutConversion.eol(attrs);
                    ObjectId blob = walk.getObjectId(0);
                    String origin = blob.name() + (exec ? " x " : " - ") + eol;
                    BlobWriter.Job job = new BlobWriter.Job(path, name, out, blob, exec, eol, origin, parent);
                    jobs.add(job);
                    writer.add(job);
                    files++;
                }
            }
            writer.finish();
        }
        // The listing and the stat data are filled once every file is written (in walk order).
        for (BlobWriter.Job job : jobs) {
            bytes += job.bytes;
            posix &= job.posix;
            job.parent.file(job.name, job.exec, job.hash);
            if (stats != null) {
                stats.put(job.path, job.stat, job.hash, job.origin);
            }
        }
        for (Path d : dirs) {
            setMode(d, DIR);
        }
        return new Result(files, bytes, submodules, posix ? listing.digest() : null, unapplied,
                posix ? stats : null);
    }

    private static final java.nio.file.attribute.FileAttribute<Set<PosixFilePermission>> DIR_MODE =
            PosixFilePermissions.asFileAttribute(DIR);

    /**
     * Creates a directory with mode 0755 by the mkdir itself when the umask keeps it (as
     * files are created), else adds it to {@code chmodLater}: a chmod per directory saved.
     */
    private static void createDirectory(Path out, boolean modeAtCreation, List<Path> chmodLater) throws IOException {
        if (modeAtCreation) {
            Files.createDirectory(out, DIR_MODE);
        } else {
            Files.createDirectory(out);
            chmodLater.add(out);
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

    static boolean setMode(Path p, Set<PosixFilePermission> perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, perms);
            return true;
        } catch (UnsupportedOperationException e) {
            // Non-POSIX file system: only the content matters there.
            return false;
        }
    }
}
