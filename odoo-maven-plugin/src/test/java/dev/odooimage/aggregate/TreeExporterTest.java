package dev.odooimage.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export against the disk ({@link TreeDigest}) and against the C git CLI's checkout.
 * Trees are built blob by blob with JGit in real bare repositories, so that blobs hold
 * exactly the bytes a test wants (a CRLF in a blob, a NUL after 8000 bytes), which
 * {@code git add} would normalise.
 */
class TreeExporterTest {
    @TempDir
    Path tmp;

    @Test
    void digestWhileWritingEqualsDigestOfTheDirectory() throws Exception {
        try (Repository repo = bare(tmp.resolve("r.git"))) {
            Tree t = new Tree(repo)
                    // Byte order of names is not git's tree order: git sorts the tree "foo" as
                    // "foo/", after "foo.py"; the listing puts "foo" first, then "foo-bar".
                    .file("foo.py", "print('foo')\n")
                    .file("foo-bar", "bar\n")
                    .file("foo/x.py", "x\n")
                    .file("foo/deep/er/y.txt", "y\n")
                    .exec("foo/run.sh", "#!/bin/sh\necho hi\n")
                    .file("Foo", "capital\n")
                    .file("a b/é.txt", "unicode name\n")
                    .symlink("foo.link", "foo/x.py")
                    .symlink("dangling", "does/not/exist")
                    .symlink("dirlink", "foo/deep")
                    // A submodule is an empty directory, next to names that sort around it.
                    .gitlink("sub")
                    .file("sub.txt", "after the submodule\n")
                    .file("sub-a/z", "z\n")
                    .gitlink("foo/deep/mod");
            ObjectId tree = t.tree();
            Path out = tmp.resolve("out");

            TreeExporter.Result r = TreeExporter.export(repo, tree, out);

            assertEquals(TreeDigest.of(out), r.digest());
            assertEquals(List.of("foo/deep/mod", "sub"), r.submodules().stream().sorted().toList());
            assertTrue(Files.isSymbolicLink(out.resolve("dirlink")));
            assertEquals("foo/x.py", Files.readSymbolicLink(out.resolve("foo.link")).toString());
            assertTrue(Files.isDirectory(out.resolve("sub")));
            try (Stream<Path> s = Files.list(out.resolve("sub"))) {
                assertEquals(0, s.count());
            }
            assertTrue(Files.getPosixFilePermissions(out.resolve("foo/run.sh")).contains(PosixFilePermission.OWNER_EXECUTE));
            assertEquals(12, r.files()); // 9 files and 3 symlinks
            // Directories (submodules too) are 0755 whatever the umask, files 0644.
            for (String d : List.of("", "foo", "foo/deep/er", "a b", "sub", "foo/deep/mod")) {
                assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(d))), d);
            }
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("foo/x.py"))));

            // One byte, one exec bit, one symlink target: each changes both digests alike.
            int n = 0;
            for (Tree changed : List.of(
                    new Tree(repo).copy(t).file("foo/deep/er/y.txt", "Y\n"),
                    new Tree(repo).copy(t).file("foo/run.sh", "#!/bin/sh\necho hi\n"),
                    new Tree(repo).copy(t).symlink("dangling", "does/not/exis"))) {
                Path o = tmp.resolve("changed" + (n++));
                TreeExporter.Result c = TreeExporter.export(repo, changed.tree(), o);
                assertNotEquals(r.digest(), c.digest());
                assertEquals(TreeDigest.of(o), c.digest());
            }
            // The same tree again: the same digest (nothing depends on the directory or the run).
            assertEquals(r.digest(), TreeExporter.export(repo, tree, tmp.resolve("again")).digest());
        }
    }

    /**
     * Files are written by several threads in batches: with one writer or four, over several
     * batches (300 files, CRLF conversions, exec bits), the files, the digest and the stat data
     * are the same, and the digest is the directory's.
     */
    @Test
    void manyWritersWriteWhatOneWriterWrites() throws Exception {
        try (Repository repo = bare(tmp.resolve("r.git"))) {
            Tree t = new Tree(repo).file(".gitattributes", "*.bat text eol=crlf\n");
            for (int i = 0; i < 300; i++) {
                String dir = "addons/a" + (i % 7) + "/" + (i % 3 == 0 ? "models/" : "");
                if (i % 10 == 0) {
                    t.exec(dir + "run" + i + ".sh", "#!/bin/sh\necho " + i + "\n");
                } else if (i % 10 == 1) {
                    t.file(dir + "w" + i + ".bat", "echo " + i + "\nexit\n");
                } else {
                    t.file(dir + "f" + i + ".py", ("x = " + i + "\n").repeat(1 + i));
                }
            }
            ObjectId tree = t.tree();
            TreeExporter.Result one = TreeExporter.export(repo, tree, tmp.resolve("one"), null, 1);
            TreeExporter.Result four = TreeExporter.export(repo, tree, tmp.resolve("four"), null, 4);

            assertEquals(301, four.files());
            assertEquals(one.bytes(), four.bytes());
            assertEquals(one.digest(), four.digest());
            assertEquals(TreeDigest.of(tmp.resolve("four")), four.digest());
            assertEquals("echo 11\r\nexit\r\n", Files.readString(tmp.resolve("four/addons/a4/w11.bat")));
            assertEquals(one.stats().size(), four.stats().size());
            // Every recorded stat is the file's as it is now: a later build reads none of them again
            // (the stat file is written a clock tick later, so that no entry is racily clean).
            Thread.sleep(50);
            four.stats().write(tmp.resolve("four.stat"));
            StatCache seen = StatCache.empty();
            assertEquals(four.digest(), TreeDigest.of(tmp.resolve("four"), StatCache.read(tmp.resolve("four.stat")), seen));
            assertEquals(0, seen.reRead());
        }
    }

    /** The listing format, written out by hand from its specification. */
    @Test
    void nonUtf8NamesAreRefusedNamingThePathNeverRenamed() throws Exception {
        try (Repository repo = bare(tmp.resolve("r.git"))) {
            byte[] latin1 = "addons/\u00ff\u00fe.txt".getBytes(StandardCharsets.ISO_8859_1); // bytes ff fe
            ObjectId tree = new Tree(repo).file("addons/ok.py", "ok\n").rawName(latin1, "latin-1 name\n").tree();
            Path out = tmp.resolve("out");
            dev.odooimage.util.OdooImageException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.odooimage.util.OdooImageException.class, () -> TreeExporter.export(repo, tree, out));
            assertEquals("the file name of \"addons/\\377\\376.txt\" is not valid UTF-8; it cannot be written with the"
                    + " bytes git keeps, and is not renamed. Rename it in its repository (git mv, in UTF-8) and lock the"
                    + " new commit, or drop the merge that brings it.", e.getMessage());
            try (Stream<Path> all = Files.walk(out)) {
                assertTrue(all.noneMatch(p -> p.getFileName().toString().contains("\u00ff")), "nothing renamed");
            }
        }
    }

    @Test
    void digestIsTheSha256OfTheSpecifiedListing() throws Exception {
        try (Repository repo = bare(tmp.resolve("r.git"))) {
            ObjectId tree = new Tree(repo).file("foo.py", "p\n").file("foo-bar", "b\n").exec("foo/x", "x\n")
                    .symlink("l", "foo").gitlink("m").tree();
            TreeExporter.Result r = TreeExporter.export(repo, tree, tmp.resolve("out"));

            String listing = "d foo\n"
                    + "f foo/x x " + sha("x\n") + "\n"
                    + "f foo-bar - " + sha("b\n") + "\n"
                    + "f foo.py - " + sha("p\n") + "\n"
                    + "l l -> foo\n"
                    + "d m\n";
            String expected = "sha256:" + sha(listing);
            assertEquals(expected, r.digest());
            assertEquals(expected, TreeDigest.of(tmp.resolve("out")));
        }
    }

    @Test
    void gitattributesConversionsAreThoseOfGitCheckout() throws Exception {
        Path bareDir = tmp.resolve("attrs.git");
        StringBuilder bigText = new StringBuilder();
        while (bigText.length() < 8500) {
            bigText.append("a line of text\n");
        }
        String nulAfter8000 = bigText + "\0tail\n";
        String controlChars = "a\u0001\u0002\u0003\nb\n";
        try (Repository repo = bare(bareDir)) {
            Tree t = new Tree(repo)
                    .file(".gitattributes", "[attr]crlftext text eol=crlf\n"
                            + "* text=auto eol=crlf\n"
                            + "*.bat text eol=crlf\n"
                            + "*.raw -text\n"
                            + "*.dat binary\n"
                            + "*.t text !eol\n"
                            + "*.auto text=auto !eol\n"
                            + "*.lf text eol=lf\n"
                            + "*.bin filter=lfs diff=lfs merge=lfs -text\n")
                    .file("plain.py", "a\nb\n")
                    .file("crlf-in-blob.py", "a\r\nb\n")
                    .file("lone-cr.py", "a\rb\nc\n")
                    .file("big-with-nul.txt", nulAfter8000)
                    .file("big-text.txt", bigText.toString())
                    .file("control.txt", controlChars)
                    .file("dos-eof.txt", "a\nb\n\u001a")
                    .file("empty.txt", "")
                    .file("run.bat", "@echo off\r\necho one\necho two\n")
                    .file("nul.bat", "a\0b\nc\n")
                    .file("keep.raw", "a\nb\n")
                    .file("image.dat", "\u0089PNG\r\n\u001a\n\0\0data\n")
                    .file("lf-text.dat", "a\nb\n")
                    .file("mixed.t", "a\r\nb\n")
                    .file("mixed.auto", "a\r\nb\n")
                    .file("mixed.lf", "a\r\nb\n")
                    .file("model.bin", "version https://git-lfs.github.com/spec/v1\noid sha256:"
                            + sha("x") + "\nsize 1\n")
                    .exec("scripts/run.sh", "#!/bin/sh\necho hi\n")
                    .symlink("link.py", "plain.py")
                    .file("sub/.gitattributes", "*.py -text\n*.txt eol=lf\n*.mac crlftext\n")
                    .file("sub/x.py", "a\nb\n")
                    .file("sub/deeper/y.py", "a\nb\n")
                    .file("sub/n.txt", "a\nb\n")
                    .file("sub/m.mac", "a\nb\n")
                    .file("sub/other.js", "a\nb\n");
            t.commit("main");

            TreeExporter.Result r = TreeExporter.export(repo, t.tree(), tmp.resolve("ours"));
            Path git = gitCheckout(bareDir, tmp.resolve("cli"));

            assertSameFiles(git, tmp.resolve("ours"));
            assertEquals(TreeDigest.of(git), r.digest());
            // The comparison is not trivially equal: conversions happened (and were skipped).
            assertEquals("@echo off\r\necho one\r\necho two\r\n", read(tmp.resolve("ours/run.bat")));
            assertEquals("a\r\nb\r\n", read(tmp.resolve("ours/plain.py")));
            assertEquals("a\r\nb\r\n", read(tmp.resolve("ours/sub/m.mac")));
            assertEquals("a\nb\n", read(tmp.resolve("ours/sub/deeper/y.py")));
            assertEquals(nulAfter8000, read(tmp.resolve("ours/big-with-nul.txt")));
            assertEquals("a\r\nb\n", read(tmp.resolve("ours/mixed.t")));
            assertEquals(Map.of("filter=lfs", List.of("model.bin")), r.unapplied());
        }
    }

    @Test
    void noGitattributesMeansRawBlobs() throws Exception {
        Path bareDir = tmp.resolve("plain.git");
        try (Repository repo = bare(bareDir)) {
            Tree t = new Tree(repo).file("a.txt", "a\r\nb\n").file("b.bat", "x\ny\n").exec("c.sh", "#!/bin/sh\n");
            t.commit("main");
            TreeExporter.Result r = TreeExporter.export(repo, t.tree(), tmp.resolve("ours"));
            assertSameFiles(gitCheckout(bareDir, tmp.resolve("cli")), tmp.resolve("ours"));
            assertEquals("x\ny\n", read(tmp.resolve("ours/b.bat")));
            assertTrue(r.unapplied().isEmpty());
        }
    }

    /** LFS pointers and $Id$ stay as committed, and the aggregate says so in one warning. */
    @Test
    void unappliedAttributesGiveOneWarningPerAggregate() throws Exception {
        Git repo = Fixtures.init(tmp.resolve("lfs"));
        Fixtures.write(repo, ".gitattributes", "*.png filter=lfs diff=lfs merge=lfs -text\n*.py ident\n");
        String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha("img") + "\nsize 3\n";
        Fixtures.write(repo, "static/a.png", pointer);
        Fixtures.write(repo, "static/b.png", pointer);
        Fixtures.write(repo, "static/c.png", pointer);
        Fixtures.write(repo, "static/d.png", pointer);
        Fixtures.write(repo, "version.py", "# $Id$\n");
        var c = Fixtures.commit(repo, "lfs");
        RecordingLog log = new RecordingLog();
        Path work = tmp.resolve("target/odoo");

        new Aggregator(new AggregateOptions(work, new GitCache(tmp.resolve("cache")), 1, false, tmp, null), log)
                .run(Fixtures.lock(Fixtures.aggregate("./lfs", Fixtures.remotes("o", Fixtures.url(repo)),
                        Fixtures.merge("o", c, "o main"))));

        assertEquals(pointer, Files.readString(work.resolve("src/lfs/static/a.png")));
        assertEquals("# $Id$\n", Files.readString(work.resolve("src/lfs/version.py")));
        List<String> warnings = log.messages.stream().filter(m -> m.startsWith("WARN")).toList();
        assertEquals(1, warnings.size(), warnings::toString);
        String w = warnings.get(0);
        assertTrue(w.contains("./lfs") && w.contains("filter=lfs (4 files") && w.contains("static/a.png")
                && !w.contains("static/d.png") && w.contains("ident (1 file: version.py)"), w);
    }

    // --- helpers ---

    /** {@code git clone} by the C git CLI, no user or system configuration, without .git. */
    static Path gitCheckout(Path bare, Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-home"));
        ProcessBuilder pb = new ProcessBuilder("git", "-c", "core.autocrlf=false", "clone", "-q", bare.toUri().toString(),
                dir.toString()).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().remove("GIT_CONFIG_GLOBAL");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "git clone failed: " + out);
        dev.odooimage.util.AtomicFiles.deleteRecursively(dir.resolve(".git"));
        return dir;
    }

    /** Every entry: type, exec bit, exact bytes (escaped) or link target. */
    static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> !p.equals(root)).toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    m.put(rel, "link -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    m.put(rel, "dir");
                } else {
                    boolean x = Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_EXECUTE);
                    m.put(rel, (x ? "exec " : "file ") + escape(Files.readAllBytes(p)));
                }
            }
        }
        return m;
    }

    private static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    private static String read(Path p) throws Exception {
        return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
    }

    static String sha(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    static Repository bare(Path dir) throws Exception {
        return Git.init().setBare(true).setInitialBranch("main").setGitDir(dir.toFile()).call().getRepository();
    }

    /** A tree made entry by entry with exact blob bytes (ISO-8859-1: one char, one byte). */
    static final class Tree {
        private final Repository repo;
        private final Map<String, DirCacheEntry> entries = new TreeMap<>();

        Tree(Repository repo) {
            this.repo = repo;
        }

        Tree copy(Tree other) {
            entries.putAll(other.entries);
            return this;
        }

        Tree file(String path, String content) throws Exception {
            return add(path, FileMode.REGULAR_FILE, blob(content.getBytes(StandardCharsets.ISO_8859_1)));
        }

        Tree exec(String path, String content) throws Exception {
            return add(path, FileMode.EXECUTABLE_FILE, blob(content.getBytes(StandardCharsets.ISO_8859_1)));
        }

        Tree symlink(String path, String target) throws Exception {
            return add(path, FileMode.SYMLINK, blob(target.getBytes(StandardCharsets.UTF_8)));
        }

        Tree gitlink(String path) {
            // Any commit id: git records the submodule's commit without having it.
            return add(path, FileMode.GITLINK, ObjectId.fromString("0123456789abcdef0123456789abcdef01234567"));
        }

        /** A file whose name is these bytes, as git stores it (not necessarily UTF-8). */
        Tree rawName(byte[] path, String content) throws Exception {
            DirCacheEntry e = new DirCacheEntry(path);
            e.setFileMode(FileMode.REGULAR_FILE);
            e.setObjectId(blob(content.getBytes(StandardCharsets.ISO_8859_1)));
            entries.put(new String(path, StandardCharsets.ISO_8859_1), e);
            return this;
        }

        private Tree add(String path, FileMode mode, ObjectId id) {
            DirCacheEntry e = new DirCacheEntry(path);
            e.setFileMode(mode);
            e.setObjectId(id);
            entries.put(path, e);
            return this;
        }

        private ObjectId blob(byte[] content) throws Exception {
            try (ObjectInserter ins = repo.newObjectInserter()) {
                ObjectId id = ins.insert(Constants.OBJ_BLOB, content);
                ins.flush();
                return id;
            }
        }

        ObjectId tree() throws Exception {
            DirCache dc = DirCache.newInCore();
            DirCacheBuilder b = dc.builder();
            new ArrayList<>(entries.values()).forEach(b::add);
            b.finish();
            try (ObjectInserter ins = repo.newObjectInserter()) {
                ObjectId id = dc.writeTree(ins);
                ins.flush();
                return id;
            }
        }

        void commit(String branch) throws Exception {
            try (ObjectInserter ins = repo.newObjectInserter()) {
                CommitBuilder c = new CommitBuilder();
                c.setTreeId(tree());
                PersonIdent who = new PersonIdent("T", "t@example.com", java.time.Instant.ofEpochMilli(1_700_000_000_000L), java.time.ZoneOffset.UTC);
                c.setAuthor(who);
                c.setCommitter(who);
                c.setMessage("tree\n");
                ObjectId id = ins.insert(c);
                ins.flush();
                RefUpdate u = repo.updateRef(Constants.R_HEADS + branch);
                u.setNewObjectId(id);
                u.forceUpdate();
            }
        }
    }

    /** File for file (bytes, exec bit, link target); the message shows only the paths that differ. */
    static void assertSameFiles(Path expected, Path actual) throws Exception {
        Map<String, String> e = snapshot(expected);
        Map<String, String> a = snapshot(actual);
        Map<String, String> diff = new TreeMap<>();
        for (String k : e.keySet()) {
            if (!e.get(k).equals(a.get(k))) {
                diff.put(k, "git: " + e.get(k) + " | ours: " + a.get(k));
            }
        }
        for (String k : a.keySet()) {
            if (!e.containsKey(k)) {
                diff.put(k, "git: - | ours: " + a.get(k));
            }
        }
        assertTrue(diff.isEmpty(), () -> "differs from git checkout: " + diff);
    }
}
