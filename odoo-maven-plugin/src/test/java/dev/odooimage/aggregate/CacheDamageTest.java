package dev.odooimage.aggregate;

import static dev.odooimage.aggregate.Fixtures.aggregate;
import static dev.odooimage.aggregate.Fixtures.commit;
import static dev.odooimage.aggregate.Fixtures.lock;
import static dev.odooimage.aggregate.Fixtures.merge;
import static dev.odooimage.aggregate.Fixtures.remotes;
import static dev.odooimage.aggregate.Fixtures.url;
import static dev.odooimage.aggregate.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.repos.ReposConfig;

/**
 * A cache hit checks only the pinned commit and its root tree; damage further down the tree
 * is met by the export, which must lead to a re-fetch and the right tree, never to a wrong
 * or half-written one.
 */
class CacheDamageTest {
    @TempDir
    Path tmp;

    final RecordingLog log = new RecordingLog();

    private Aggregator aggregator(Path work) {
        return new Aggregator(new AggregateOptions(work, new GitCache(tmp.resolve("cache")), 2, false, tmp, null), log);
    }

    private static String content(int i) {
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < 400; n++) {
            b.append("line ").append(n * 7919 % 1000 + i).append(" of file ").append(i).append('\n');
        }
        return b.toString();
    }

    /** A remote of 40 files in 4 directories, aggregated once; its cache entry. */
    private Path warmEntry(Path work) throws Exception {
        Git repo = Fixtures.init(tmp.resolve("remote"));
        for (int i = 0; i < 40; i++) {
            write(repo, "m" + i % 4 + "/f" + i + ".py", content(i));
        }
        RevCommit c = commit(repo, "c");
        ReposConfig l = lock(aggregate("./a", remotes("o", url(repo)), merge("o", c, "o main")));
        aggregator(work).run(l);
        this.lock = l;
        return tmp.resolve("cache").resolve(GitCache.entryName(url(repo)));
    }

    private ReposConfig lock;

    private static ObjectId blobOf(Path entry, String path) throws Exception {
        try (Repository r = new FileRepositoryBuilder().setGitDir(entry.toFile()).build(); RevWalk w = new RevWalk(r)) {
            RevCommit head = w.parseCommit(r.exactRef(r.getRefDatabase().getRefsByPrefix(CacheEntry.REF_PREFIX).get(0)
                    .getName()).getObjectId());
            try (TreeWalk tw = TreeWalk.forPath(r, path, head.getTree())) {
                return tw.getObjectId(0);
            }
        }
    }

    private static List<Path> packs(Path entry, String ext) throws Exception {
        try (Stream<Path> s = Files.list(entry.resolve("objects/pack"))) {
            return s.filter(p -> p.toString().endsWith(ext)).toList();
        }
    }

    private void assertRefetchedAndRight(Path work) throws Exception {
        log.messages.clear();
        Aggregator.Summary s = aggregator(work).run(lock);
        assertTrue(s.fetched().fetches() >= 1, "fetched again: " + log.messages);
        List<String> warnings = log.messages.stream().filter(m -> m.startsWith("WARN")).toList();
        assertEquals(1, warnings.size(), log.messages.toString());
        assertTrue(warnings.get(0).contains("is damaged") && warnings.get(0).contains("fetched again"), warnings.get(0));
        for (int i = 0; i < 40; i++) {
            assertEquals(content(i), Files.readString(work.resolve("src/a/m" + i % 4 + "/f" + i + ".py")), "f" + i);
        }
        try (Stream<Path> all = Files.walk(work.resolve("src/a"))) {
            assertEquals(40, all.filter(Files::isRegularFile).count(), "exactly the tree, nothing left from the first try");
        }
        // The entry is whole again: the next build is a cache hit.
        log.messages.clear();
        Aggregator.Summary again = aggregator(tmp.resolve("after-" + work.getFileName())).run(lock);
        assertEquals(0, again.fetched().fetches(), log.messages.toString());
    }

    @Test
    void aBlobMissingFromTheEntryIsFetchedAgainWhenTheExportMeetsIt() throws Exception {
        Path entry = warmEntry(tmp.resolve("p1"));
        ObjectId lost = blobOf(entry, "m3/f27.py");
        // Every object of the entry as a loose object, except that blob (a lost object: the
        // commit and its root tree are still there, so only reading the tree finds out).
        Map<ObjectId, ObjectLoader> objects = new LinkedHashMap<>();
        try (Repository r = new FileRepositoryBuilder().setGitDir(entry.toFile()).build();
                ObjectReader reader = r.newObjectReader()) {
            for (Path idx : packs(entry, ".idx")) {
                for (PackIndex.MutableEntry e : PackIndex.open(idx.toFile())) {
                    ObjectId id = e.toObjectId();
                    ObjectLoader l = reader.open(id);
                    objects.put(id, new org.eclipse.jgit.lib.ObjectLoader.SmallObject(l.getType(), l.getBytes()));
                }
            }
        }
        for (Path p : packs(entry, "")) {
            Files.delete(p);
        }
        try (Repository r = new FileRepositoryBuilder().setGitDir(entry.toFile()).build();
                ObjectInserter ins = r.newObjectInserter()) {
            for (Map.Entry<ObjectId, ObjectLoader> e : objects.entrySet()) {
                if (!e.getKey().equals(lost)) {
                    ins.insert(e.getValue().getType(), e.getValue().getCachedBytes());
                }
            }
            ins.flush();
            assertFalse(r.getObjectDatabase().has(lost));
        }
        assertRefetchedAndRight(tmp.resolve("p2"));
    }

    @Test
    void aBlobCorruptInThePackIsFetchedAgainWhenTheExportMeetsIt() throws Exception {
        Path entry = warmEntry(tmp.resolve("p1"));
        ObjectId bad = blobOf(entry, "m1/f13.py");
        Path idx = packs(entry, ".idx").get(0);
        long offset = PackIndex.open(idx.toFile()).findOffset(bad);
        assertTrue(offset > 0);
        // Bytes in the middle of the blob's deflated data: the pack's trailing checksum, which
        // the cheap check compares with the index, is untouched.
        try (RandomAccessFile f = new RandomAccessFile(packs(entry, ".pack").get(0).toFile(), "rw")) {
            for (long at = offset + 12; at < offset + 40; at++) {
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x5a);
            }
        }
        assertEquals(List.of(), CacheEntry.damagedPacks(entry.resolve("objects/pack")), "not seen before the export");
        assertRefetchedAndRight(tmp.resolve("p2"));
    }

    @Test
    void damageIsTheJGitReadFailureNotAnyFailure() {
        assertTrue(CacheDamage.of(new java.io.UncheckedIOException(new org.eclipse.jgit.errors.MissingObjectException(
                ObjectId.zeroId(), Constants.OBJ_BLOB))) != null);
        assertTrue(CacheDamage.of(new java.io.IOException("x", new java.util.zip.DataFormatException("bad"))) != null);
        assertEquals(null, CacheDamage.of(new java.nio.file.FileSystemException("/x: No space left on device")));
        assertEquals(null, CacheDamage.of(new dev.odooimage.util.OdooImageException("refused")));
    }
}
