package dev.odooimage.aggregate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

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
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import dev.odooimage.util.AtomicFiles;

/**
 * Benchmark (a main, not a test): export a synthetic Odoo-like tree of N files from a real
 * bare repository and compute its digest, the way {@code AggregateBuilder.export} does.
 * Numbers go to docs/aggregate.md ("Export"). Run with
 * {@code benchmarks/aggregate/export-bench.sh [files] [rounds]}.
 */
public final class ExportBenchmark {
    private ExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path base = args.length > 2 ? Path.of(args[2]) : Path.of(System.getProperty("java.io.tmpdir"));
        Path work = Files.createTempDirectory(base, "export-bench");
        System.out.println("work directory: " + work + " (" + Files.getFileStore(work).type() + ")");
        try (Repository repo = new FileRepositoryBuilder().setGitDir(work.resolve("repo.git").toFile()).build()) {
            repo.create(true);
            long[] size = new long[1];
            ObjectId tree = syntheticTree(repo, files, size);
            // Packed, as in a cache entry filled by a fetch (loose objects would be read another
            // way): a commit on a branch, so that gc packs the objects instead of keeping them loose.
            try (ObjectInserter ins = repo.newObjectInserter()) {
                CommitBuilder cb = new CommitBuilder();
                cb.setTreeId(tree);
                PersonIdent who = new PersonIdent("bench", "bench@example.com", java.time.Instant.ofEpochMilli(1_700_000_000_000L), java.time.ZoneOffset.UTC);
                cb.setAuthor(who);
                cb.setCommitter(who);
                cb.setMessage("bench\n");
                ObjectId commit = ins.insert(cb);
                ins.flush();
                RefUpdate u = repo.updateRef("refs/heads/main");
                u.setNewObjectId(commit);
                u.forceUpdate();
            }
            Git.wrap(repo).gc().setExpire((java.time.Instant) null).call();
            System.out.printf("tree: %d files, %.1f MiB%n", files, size[0] / 1048576.0);
            long[] inMemory = new long[rounds];
            long[] reread = new long[rounds];
            long[] digestOnly = new long[rounds];
            String digest = null;
            for (int i = 0; i < rounds; i++) {
                settle(work);
                // Alternate the variants so that machine noise hits both alike.
                Path a = work.resolve("a" + i);
                long t0 = System.nanoTime();
                TreeExporter.Result r = TreeExporter.export(repo, tree, a);
                inMemory[i] = System.nanoTime() - t0;
                Path b = work.resolve("b" + i);
                settle(work);
                long t1 = System.nanoTime();
                TreeExporter.export(repo, tree, b);
                String d = TreeDigest.of(b);
                reread[i] = System.nanoTime() - t1;
                if (digest != null && !digest.equals(d)) {
                    throw new IllegalStateException("digests differ: " + d + " / " + r.digest());
                }
                digest = d;
                long t2 = System.nanoTime();
                TreeDigest.of(b);
                digestOnly[i] = System.nanoTime() - t2;
            }
            // The first rounds warm the JIT up (a real build pays that once per JVM).
            System.out.printf("export, digest computed while writing: median %s ms (first round %.0f ms)%n",
                    median(inMemory), inMemory[0] / 1e6);
            System.out.printf("export, then TreeDigest.of re-reads it: median %s ms (first round %.0f ms)%n",
                    median(reread), reread[0] / 1e6);
            System.out.printf("TreeDigest.of alone on the exported tree (page cache warm): median %s ms%n",
                    median(digestOnly));
        } finally {
            AtomicFiles.deleteRecursively(work);
        }
    }

    /**
     * Removes the previous outputs and flushes dirty pages outside the timed part, so that a
     * round does not pay for the write-back of the rounds before it.
     */
    private static void settle(Path work) throws Exception {
        try (var s = Files.list(work)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().equals("repo.git")).toList()) {
                AtomicFiles.deleteRecursively(p);
            }
        }
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    private static String median(long[] ns) {
        long[] s = Arrays.copyOfRange(ns, Math.min(2, ns.length - 1), ns.length);
        Arrays.sort(s);
        return String.format("%.0f", s[s.length / 2] / 1e6);
    }

    /** Addons of ~40 files each: Python, XML views, JS, a few binary images, some scripts. */
    static ObjectId syntheticTree(Repository repo, int files, long[] size) throws Exception {
        Random rnd = new Random(42);
        String[] words = "self env record partner invoice line amount fields api model view domain context"
                .split(" ");
        DirCache dc = DirCache.newInCore();
        DirCacheBuilder b = dc.builder();
        List<String> seen = new ArrayList<>();
        try (ObjectInserter ins = repo.newObjectInserter()) {
            for (int i = 0; i < files; i++) {
                String addon = "addon_" + (i / 40);
                int k = i % 40;
                String path;
                byte[] content;
                FileMode mode = FileMode.REGULAR_FILE;
                if (k == 0) {
                    path = addon + "/__manifest__.py";
                    content = text(rnd, words, 800);
                } else if (k < 20) {
                    path = addon + "/models/model_" + k + ".py";
                    content = text(rnd, words, 1000 + rnd.nextInt(12000));
                } else if (k < 32) {
                    path = addon + "/views/view_" + k + ".xml";
                    content = text(rnd, words, 1000 + rnd.nextInt(16000));
                } else if (k < 37) {
                    path = addon + "/static/src/js/widget_" + k + ".js";
                    content = text(rnd, words, 2000 + rnd.nextInt(20000));
                } else if (k < 39) {
                    path = addon + "/static/description/icon_" + k + ".png";
                    content = new byte[5000 + rnd.nextInt(30000)];
                    rnd.nextBytes(content);
                } else {
                    path = addon + "/scripts/run.sh";
                    content = text(rnd, words, 400);
                    mode = FileMode.EXECUTABLE_FILE;
                }
                DirCacheEntry e = new DirCacheEntry(path);
                e.setFileMode(mode);
                e.setObjectId(ins.insert(Constants.OBJ_BLOB, content));
                b.add(e);
                seen.add(path);
                size[0] += content.length;
            }
            b.finish();
            ObjectId tree = dc.writeTree(ins);
            ins.flush();
            return tree;
        }
    }

    private static byte[] text(Random rnd, String[] words, int bytes) {
        StringBuilder sb = new StringBuilder(bytes + 40);
        while (sb.length() < bytes) {
            sb.append("    ");
            for (int w = 0; w < 8; w++) {
                sb.append(words[rnd.nextInt(words.length)]).append(w == 7 ? "\n" : " ");
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
