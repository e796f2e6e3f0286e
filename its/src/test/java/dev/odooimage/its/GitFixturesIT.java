package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.Addon;
import dev.odooimage.its.kit.FixtureOdoo;
import dev.odooimage.its.kit.GitDaemon;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.Procs;

/** The fixture repositories are real git repositories, served over file:// and git://. */
class GitFixturesIT {

    @Test
    void servedByGitDaemonWithBranchesAndPeeledAnnotatedTags() throws Exception {
        Path work = ItWork.dir(GitFixturesIT.class, "daemon");
        GitFixtures fx = GitFixtures.create(work.resolve("repos"));
        try (GitDaemon daemon = GitDaemon.start(fx.root())) {
            String url = daemon.url(GitFixtures.ODOO);
            assertEquals("git://127.0.0.1:" + daemon.port() + "/odoo.git", url);
            Map<String, Ref> refs = lsRemote(url);
            assertEquals(fx.head(GitFixtures.ODOO, "17.0"), refs.get("refs/heads/17.0").getObjectId().name());
            assertEquals(fx.head(GitFixtures.ODOO, "17.0-hotfix"),
                    refs.get("refs/heads/17.0-hotfix").getObjectId().name());
            assertNotEquals(fx.head(GitFixtures.ODOO, "17.0"), fx.head(GitFixtures.ODOO, "17.0-hotfix"));

            Ref annotated = refs.get("refs/tags/17.0-release");
            assertNotNull(annotated.getPeeledObjectId(), "the annotated tag is advertised with its peeled commit");
            assertEquals(fx.head(GitFixtures.ODOO, "17.0"), annotated.getPeeledObjectId().name());
            assertNotEquals(annotated.getObjectId(), annotated.getPeeledObjectId(), "a tag object, not a commit");
            Ref light = refs.get("refs/tags/v17.0-base");
            assertEquals(fx.resolveCommit(GitFixtures.ODOO, "17.0~1"), light.getObjectId().name());

            // the real git client speaks to the daemon as well
            Procs.Result git = Procs.run("git", "ls-remote", url, "refs/tags/17.0-release^{}");
            assertEquals(0, git.exitCode(), git.output());
            assertTrue(git.output().startsWith(fx.head(GitFixtures.ODOO, "17.0")), git.output());

            // a commit made while the daemon runs is visible at once
            String sha = fx.commit(GitFixtures.ODOO, "17.0", Map.of("addons/web/NEW", "x\n"), "[ADD] web: new file");
            assertEquals(sha, lsRemote(url).get("refs/heads/17.0").getObjectId().name());

            Path clone = FixtureOdoo.clone(url, "17.0", work.resolve("clone-git"));
            assertTrue(Files.isExecutable(clone.resolve("odoo-bin")), "odoo-bin is committed executable");
            assertTrue(Files.isRegularFile(clone.resolve("odoo/addons/base/__manifest__.py")));
            assertTrue(Files.isRegularFile(clone.resolve("odoo/addons/base/__init__.py")));
            assertTrue(Files.isRegularFile(clone.resolve("addons/web/__manifest__.py")));
            assertTrue(Files.readString(clone.resolve("addons/web/__manifest__.py")).contains("'depends': ['base']"));
            assertEquals("x\n", Files.readString(clone.resolve("addons/web/NEW")));
            String req = Files.readString(clone.resolve("requirements.txt"));
            assertTrue(req.contains("psycopg2==2.9.5 ; python_version < '3.11'"), req);
            assertTrue(req.contains("psycopg2==2.9.9 ; python_version >= '3.11'"), req);
            assertTrue(req.contains("; sys_platform == 'win32'"), req);

            daemon.kill();
            assertFalse(daemon.isAlive());
            assertThrows(TransportException.class, () -> lsRemote(url), "a killed daemon is a dead remote");
        }
    }

    @Test
    void fileUrlsAndRepositoryLayouts() throws Exception {
        Path work = ItWork.dir(GitFixturesIT.class, "file");
        GitFixtures fx = GitFixtures.create(work.resolve("repos"));
        assertTrue(fx.fileUrl(GitFixtures.OCA_TOOLS).startsWith("file:///"));

        Path oca = FixtureOdoo.clone(fx.fileUrl(GitFixtures.OCA_TOOLS), "17.0", work.resolve("oca"));
        for (String addon : new String[] {"tools_base", "tools_web", "tools_report"}) {
            assertTrue(Files.isRegularFile(oca.resolve(addon + "/__manifest__.py")), addon);
            assertTrue(Files.isRegularFile(oca.resolve(addon + "/__init__.py")), addon);
        }
        assertTrue(Files.readString(oca.resolve("tools_web/__manifest__.py")).contains("'depends': ['web', 'tools_base']"));
        assertTrue(Files.readString(oca.resolve("tools_report/__manifest__.py"))
                .contains("'external_dependencies': {'python': ['unidecode']}"));

        Path customer = FixtureOdoo.clone(fx.fileUrl(GitFixtures.CUSTOMER_ADDON), "17.0", work.resolve("customer"));
        assertTrue(Files.isRegularFile(customer.resolve("__manifest__.py")), "the repository root is the addon");

        String dup = fx.addonRepo("dup-tools", Addon.of("tools_base", "base"));
        Path dupClone = FixtureOdoo.clone(dup, "17.0", work.resolve("dup"));
        assertTrue(Files.isRegularFile(dupClone.resolve("tools_base/__manifest__.py")));

        // the same calls give the same SHAs: fixtures are reproducible across runs
        GitFixtures again = GitFixtures.create(work.resolve("repos-again"));
        assertEquals(fx.head(GitFixtures.ODOO, "17.0"), again.head(GitFixtures.ODOO, "17.0"));
        assertEquals(fx.head(GitFixtures.OCA_TOOLS, "17.0"), again.head(GitFixtures.OCA_TOOLS, "17.0"));

        // the branch moves by one commit whose parent is the old head
        String before = fx.head(GitFixtures.CUSTOMER_ADDON, "17.0");
        String after = fx.extraCommit(GitFixtures.CUSTOMER_ADDON, "17.0", "[IMP] customer_addon: moved");
        assertNotEquals(before, after);
        assertEquals(before, fx.resolveCommit(GitFixtures.CUSTOMER_ADDON, after + "^"));
        assertEquals(after, fx.head(GitFixtures.CUSTOMER_ADDON, "17.0"));

        // deleting a file in a new commit
        fx.commit(GitFixtures.OCA_TOOLS, "17.0", java.util.Collections.singletonMap("README.md", null), "[DEL] readme");
        try (Git git = Git.open(oca.toFile())) {
            git.pull().call();
        }
        assertFalse(Files.exists(oca.resolve("README.md")));
    }

    private static Map<String, Ref> lsRemote(String url) throws Exception {
        Collection<Ref> refs = Git.lsRemoteRepository().setRemote(url).setHeads(true).setTags(true).call();
        return refs.stream().collect(Collectors.toMap(Ref::getName, r -> r));
    }
}
