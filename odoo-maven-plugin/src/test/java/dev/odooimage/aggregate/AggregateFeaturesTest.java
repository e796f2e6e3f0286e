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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.repos.ReposConfig;
import dev.odooimage.repos.ReposFile;
import dev.odooimage.util.OdooImageException;

/** Patches, shell_command_after, a lock read from disk, and an unwritable target. */
class AggregateFeaturesTest {
    @TempDir
    Path tmp;

    Aggregator aggregator(Path work, boolean allowShell) {
        return new Aggregator(new AggregateOptions(work, new GitCache(tmp.resolve("cache")), 2, allowShell, tmp, null),
                AggregateLog.NONE);
    }

    @Test
    void formatPatchMailboxesAreAppliedLikeGitAm() throws Exception {
        Git repo = Fixtures.init(tmp.resolve("repo"));
        write(repo, "a.py", "a = 1\n");
        write(repo, "b.py", "b = 1\n");
        RevCommit base = commit(repo, "base");
        write(repo, "a.py", "a = 2\n");
        commit(repo, "first fix");
        write(repo, "b.py", "b = 2\n");
        write(repo, "new.py", "n = 1\n");
        commit(repo, "second fix");
        String mbox = Fixtures.run(tmp.resolve("repo"), "git", "format-patch", "--stdout", base.name() + "..HEAD");
        Files.createDirectories(tmp.resolve("patches"));
        Files.writeString(tmp.resolve("patches/fixes.patch"), mbox);

        Path work = tmp.resolve("target/odoo");
        aggregator(work, false).run(lock(aggregate("./repo", remotes("o", url(repo)),
                Map.of("patches", List.of("patches/fixes.patch")), merge("o", base, null))));
        assertEquals("a = 2\n", Files.readString(work.resolve("src/repo/a.py")));
        assertEquals("b = 2\n", Files.readString(work.resolve("src/repo/b.py")));
        assertEquals("n = 1\n", Files.readString(work.resolve("src/repo/new.py")));

        // A changed patch changes the recipe: the aggregate is rebuilt, not trusted.
        Files.writeString(tmp.resolve("patches/fixes.patch"), mbox.replace("+b = 2", "+b = 3"));
        Aggregator.Summary s = aggregator(work, false).run(lock(aggregate("./repo", remotes("o", url(repo)),
                Map.of("patches", List.of("patches/fixes.patch")), merge("o", base, null))));
        assertEquals(List.of("./repo"), s.rebuilt());
        assertEquals("b = 3\n", Files.readString(work.resolve("src/repo/b.py")));

        // A patch that does not apply names the aggregate and the file.
        Files.writeString(tmp.resolve("patches/fixes.patch"), mbox.replace("-a = 1", "-a = 7"));
        OdooImageException e = assertThrows(OdooImageException.class, () -> aggregator(work, false).run(lock(
                aggregate("./repo", remotes("o", url(repo)), Map.of("patches", List.of("patches/fixes.patch")),
                        merge("o", base, null)))));
        assertTrue(e.getMessage().contains("./repo") && e.getMessage().contains("fixes.patch"), e.getMessage());
    }

    @Test
    void shellCommandsRunOnlyWhenThePomOptsIn() throws Exception {
        Git repo = Fixtures.init(tmp.resolve("repo"));
        write(repo, "keep/__init__.py", "k\n");
        write(repo, "drop/__init__.py", "d\n");
        RevCommit c = commit(repo, "the subject");
        ReposConfig l = lock(aggregate("./repo", remotes("o", url(repo)),
                Map.of("shell_command_after", List.of("rm -rf drop", "git log -1 --format=%s > LAST")),
                merge("o", c, null)));
        Path work = tmp.resolve("target/odoo");

        OdooImageException e = assertThrows(OdooImageException.class, () -> aggregator(work, false).run(l));
        assertTrue(e.getMessage().contains("shell_command_after") && e.getMessage().contains("allowShellCommands"),
                e.getMessage());
        assertFalse(Files.exists(work.resolve("src/repo")));

        aggregator(work, true).run(l);
        assertFalse(Files.exists(work.resolve("src/repo/drop")));
        assertEquals("the subject\n", Files.readString(work.resolve("src/repo/LAST")));
        assertFalse(Files.exists(work.resolve("src/repo/.git")));
        assertTrue(aggregator(work, true).run(l).upToDate());
    }

    @Test
    void lockReadFromDiskWithLockedFromComments() throws Exception {
        Git repo = Fixtures.init(tmp.resolve("repo"));
        write(repo, "x.py", "x\n");
        RevCommit c = commit(repo, "x");
        Path lockFile = tmp.resolve("repos.lock.yaml");
        Files.writeString(lockFile, "./oca/server-tools:\n  remotes:\n    oca: " + url(repo) + "\n  merges:\n"
                + "    # locked-from: oca main\n    - oca " + c.name() + "\n");
        ReposConfig l = ReposFile.read(lockFile);
        Path work = tmp.resolve("target/odoo");
        aggregator(work, false).run(l);
        assertEquals("x\n", Files.readString(work.resolve("src/oca/server-tools/x.py")));
        SrcManifest.MergeEntry m = SrcManifest.read(work.resolve("src.json")).orElseThrow().aggregates().get(0).merges().get(0);
        assertEquals("main", m.lockedFrom());
        assertEquals(c.name(), m.sha());
    }

    @Test
    void notALockIsRejectedBeforeAnythingIsTouched() throws Exception {
        Path work = tmp.resolve("target/odoo");
        ReposConfig l = lock(aggregate("./odoo", remotes("o", "https://example.invalid/odoo.git"),
                new dev.odooimage.repos.Merge("o", "17.0", null, null, 4)));
        OdooImageException e = assertThrows(OdooImageException.class, () -> aggregator(work, false).run(l));
        assertTrue(e.getMessage().contains("not pinned") && e.getMessage().contains("mvn odoo:lock")
                && e.getMessage().contains(":4"), e.getMessage());
        assertFalse(Files.exists(work));
    }

    @Test
    void credentialsInUrlsNeverReachSrcJson() throws Exception {
        Git repo = Fixtures.init(tmp.resolve("repo"));
        write(repo, "x.py", "x\n");
        RevCommit c = commit(repo, "x");
        Aggregator a = aggregator(tmp.resolve("w"), false);
        SrcManifest.Entry e = a.expected(aggregate("./x", remotes("o", "https://user:s3cr3t-token@git.example.com/x.git"),
                merge("o", c, null)));
        assertFalse(e.merges().get(0).url().contains("s3cr3t"), e.merges().get(0).url());
        assertEquals(GitCache.entryName("https://git.example.com/x.git"),
                GitCache.entryName("https://user:s3cr3t-token@git.example.com/x.git"));
    }

    @Test
    void unwritableTargetFailsCleanlyAndLaterBuildRecovers() throws Exception {
        Git repo = Fixtures.init(tmp.resolve("repo"));
        write(repo, "x.py", "x\n");
        RevCommit c = commit(repo, "x");
        ReposConfig l = lock(aggregate("./x", remotes("o", url(repo)), merge("o", c, null)));
        Path work = tmp.resolve("target/odoo");
        Files.createDirectories(work);
        ReadOnly ro = ReadOnly.make(work);
        try {
            OdooImageException e = assertThrows(OdooImageException.class, () -> aggregator(work, false).run(l));
            assertTrue(e.getMessage().contains(work.toString()) && e.getMessage().contains("writable"), e.getMessage());
        } finally {
            ro.undo();
        }
        assertFalse(Files.exists(work.resolve("src.json")));
        aggregator(work, false).run(l);
        assertEquals("x\n", Files.readString(work.resolve("src/x/x.py")));
    }

    /** A directory nothing can be written to, even by root (chattr +i), as a full disk behaves. */
    record ReadOnly(Path dir, boolean immutable) {
        static ReadOnly make(Path dir) throws Exception {
            if ("root".equals(System.getProperty("user.name"))) {
                Fixtures.run(dir.getParent(), "chattr", "+i", dir.toString());
                return new ReadOnly(dir, true);
            }
            dir.toFile().setWritable(false, false);
            return new ReadOnly(dir, false);
        }

        void undo() throws Exception {
            if (immutable) {
                Fixtures.run(dir.getParent(), "chattr", "-i", dir.toString());
            } else {
                dir.toFile().setWritable(true, true);
            }
        }
    }
}
