package dev.odooimage.aggregate;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

import dev.odooimage.util.AtomicFiles;

/**
 * Benchmark probe (a main, not a test): times {@link TreeExporter#export} of one commit of an
 * existing bare repository into a new directory, and, separately, reading every blob of the tree
 * without writing, so that pack reading and file creation can be told apart, and
 * {@code git archive | tar -x} of the same tree in the same round. Used for
 * docs/aggregate.md ("Big trees"): {@code benchmarks/aggregate/export-probe.sh REPO COMMIT [rounds]}.
 */
public final class ExportProbe {
    private ExportProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path gitDir = Path.of(args[0]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path base = args.length > 3 ? Path.of(args[3]) : Path.of(System.getProperty("java.io.tmpdir"));
        try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build()) {
            ObjectId tree;
            try (RevWalk w = new RevWalk(repo)) {
                tree = w.parseCommit(repo.resolve(args[1])).getTree().copy();
            }
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                long bytes = 0;
                try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(reader)) {
                    walk.addTree(tree);
                    walk.setRecursive(true);
                    while (walk.next()) {
                        if (walk.getFileMode(0).getObjectType() == Constants.OBJ_BLOB) {
                            bytes += reader.open(walk.getObjectId(0)).getCachedBytes(Integer.MAX_VALUE).length;
                        }
                    }
                }
                long t1 = System.nanoTime();
                // What a cache hit used to do before the export: every tree object walked,
                // every entry looked up (now the export itself is that check, CacheDamage).
                long h0 = System.nanoTime();
                int entries = 0;
                try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(reader)) {
                    walk.addTree(tree);
                    walk.setRecursive(true);
                    while (walk.next()) {
                        entries += reader.has(walk.getObjectId(0)) ? 1 : 0;
                    }
                }
                long h1 = System.nanoTime();
                StringBuilder line = new StringBuilder(String.format("; walk of every tree object with has() %d ms (%d entries)",
                        (h1 - h0) / 1_000_000, entries));
                // 1, 2 and 4 writers (the default is 2 x CPUs, at most 4), rotating which goes
                // first: the one after pays the write-back of the one before.
                int[] writerCounts = {1, 2, 4};
                int[] order = new int[3];
                for (int k = 0; k < 3; k++) {
                    order[k] = writerCounts[(k + r) % 3];
                }
                for (int writers : order) {
                    Path out = Files.createTempDirectory(base, "probe");
                    long a = System.nanoTime();
                    TreeExporter.Result res = TreeExporter.export(repo, tree, out.resolve("x"), null, writers);
                    long b = System.nanoTime();
                    AtomicFiles.deleteRecursively(out);
                    line.append(String.format("; export with %d writer(s) %d ms (%d files, %s)", writers,
                            (b - a) / 1_000_000, res.files(), res.digest() == null ? "-" : res.digest().substring(0, 15)));
                }
                Path peer = Files.createTempDirectory(base, "probe-tar");
                long a = System.nanoTime();
                int rc = new ProcessBuilder("sh", "-c", "git --git-dir=\"$0\" archive \"$1\" | tar -x -C \"$2\"",
                        gitDir.toString(), tree.name(), peer.toString()).inheritIO().start().waitFor();
                long b = System.nanoTime();
                AtomicFiles.deleteRecursively(peer);
                line.append(String.format("; git archive | tar -x %d ms (exit %d)", (b - a) / 1_000_000, rc));
                System.out.printf("round %d: read all blobs %d ms (%d MiB)%s; load %s%n", r, (t1 - t0) / 1_000_000,
                        bytes >> 20, line, Files.readString(Path.of("/proc/loadavg")).trim());
            }
        }
    }
}
