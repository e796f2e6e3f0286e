package dev.odooimage.enterprise;

import static dev.odooimage.enterprise.EnterpriseFixtures.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.credentials.Credential;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * The import on a small synthetic Community checkout (locked and aggregated by the plugin's
 * own code) and real bare mirrors: classification, dry run, commits per module, README block,
 * idempotence, a newer bundle, zip, and every refusal.
 */
class EnterpriseImportTest {
    static final String TOP = "odoo-16.0+e.20240301";

    @TempDir
    Path tmp;
    EnterpriseFixtures.Project project;
    Path mirror;

    @BeforeEach
    void setUp() throws Exception {
        project = EnterpriseFixtures.project(tmp, EnterpriseFixtures.syntheticCommunity(tmp.resolve("community")));
        mirror = EnterpriseFixtures.bareMirror(tmp.resolve("mirror.git"));
    }

    /** As Odoo ships it: core files, every addon under odoo/addons, Community copies and Enterprise modules. */
    EnterpriseFixtures.BundleSpec bundle() throws Exception {
        return bundle(tmp);
    }

    static EnterpriseFixtures.BundleSpec bundle(Path tmp) throws Exception {
        Path c = tmp.resolve("community");
        return new EnterpriseFixtures.BundleSpec()
                .exec(TOP + "/odoo-bin", "#!/usr/bin/env python3\nimport odoo\n")
                .file(TOP + "/odoo/release.py", "version_info = (16, 0, 0, 'final', 0, '')\n")
                .tree(c.resolve("odoo/addons/base"), TOP + "/odoo/addons/base")
                .tree(c.resolve("addons/web"), TOP + "/odoo/addons/web")
                .tree(c.resolve("addons/account"), TOP + "/odoo/addons/account")
                .tree(c.resolve("addons/sale"), TOP + "/odoo/addons/sale")
                // the drift: the bundle was made from an older Community commit
                .file(TOP + "/odoo/addons/sale/models/sale_order.py", "class SaleOrder:\n    amount = 0\n")
                .addon(TOP + "/odoo/addons/web_studio", manifest("Studio", "OEEL-1", "web"))
                .file(TOP + "/odoo/addons/web_studio/static/studio.js", "studio();\n")
                .exec(TOP + "/odoo/addons/web_studio/tools/build.sh", "#!/bin/sh\necho build\n")
                .symlink(TOP + "/odoo/addons/web_studio/static/latest.js", "studio.js")
                .file(TOP + "/odoo/addons/web_studio/__pycache__/x.cpython-311.pyc", "compiled")
                .addon(TOP + "/odoo/addons/account_accountant", manifest("Accounting", "OEEL-1", "account"));
    }

    @Test
    void dryRunClassifiesAndWritesNothingButTheReport() throws Exception {
        Path b = bundle().tarGz(tmp.resolve("odoo_16.0+e.20240301.tar.gz"));
        ImportResult r = project.importer(b, mirror.toString()).call();

        assertEquals(List.of("account", "base", "web"), r.classification().community());
        assertEquals(Set.of("sale"), r.classification().drifted().keySet());
        assertEquals(List.of("models/sale_order.py"), r.classification().drifted().get("sale").changed());
        assertEquals(List.of("account_accountant", "web_studio"), r.classification().enterprise());
        assertEquals(List.of("account_accountant", "web_studio"), r.changes().stream().map(ModuleChange::module).toList());
        assertTrue(r.changes().stream().allMatch(c -> c.kind() == ModuleChange.Kind.ADDED && c.commit() == null));
        assertEquals(3, r.commits(), "two modules and the README would be committed");
        assertFalse(r.applied());
        assertNull(EnterpriseFixtures.tip(mirror, "16.0"), "a dry run pushes nothing");
        try (Git g = Git.open(mirror.toFile())) {
            assertFalse(g.getRepository().getRefDatabase().hasRefs(), "the mirror is untouched");
        }
        Path reportDir = project.work().resolve("enterprise-import");
        try (var list = Files.list(reportDir)) {
            assertEquals(Set.of("report.json", "report.txt"),
                    new TreeSet<>(list.map(p -> p.getFileName().toString()).toList()), "no clone left behind");
        }
        JsonNode json = new ObjectMapper().readTree(reportDir.resolve("report.json").toFile());
        assertEquals("dry-run", json.get("mode").asText());
        assertEquals(Digests.sha256Hex(b), json.at("/bundle/sha256").asText());
        assertEquals(Files.size(b), json.at("/bundle/size").asLong());
        assertEquals("2024-03-01T12:00:00Z", json.at("/bundle/date").asText());
        assertEquals("./odoo", json.at("/community/aggregate").asText());
        assertEquals("16.0", json.at("/community/series").asText());
        assertEquals("models/sale_order.py", json.at("/classification/communityDrifted/sale/changed/0").asText());
        String text = Files.readString(reportDir.resolve("report.txt"));
        assertTrue(text.contains("classified 3 Community (identical), 1 Community drifted (not imported), 2 Enterprise"), text);
        assertTrue(text.contains("  sale: 1 file(s)\n    ~ models/sale_order.py\n"), text);
        assertTrue(text.contains("2 files outside modules (Odoo core, not imported)"), text);
    }

    @Test
    void applyCommitsOneModuleAtATimeThenTheReadmeAndASecondApplyNothing() throws Exception {
        Path b = bundle().tarGz(tmp.resolve("odoo_16.0+e.20240301.tar.gz"));
        ImportResult r = project.importer(b, mirror.toString()).apply(true).call();
        assertEquals(3, r.commits());
        assertNull(r.before());
        ObjectId tip = EnterpriseFixtures.tip(mirror, "16.0");
        assertEquals(tip.name(), r.after());

        try (Git g = Git.open(mirror.toFile())) {
            Repository repo = g.getRepository();
            List<RevCommit> log = new ArrayList<>();
            g.log().add(tip).call().forEach(log::add);
            assertEquals(3, log.size());
            assertEquals("[IMP] README: source bundle odoo_16.0+e.20240301.tar.gz", log.get(0).getShortMessage());
            assertEquals("[ADD] web_studio: import from odoo_16.0+e.20240301.tar.gz", log.get(1).getShortMessage());
            assertEquals("[ADD] account_accountant: import from odoo_16.0+e.20240301.tar.gz", log.get(2).getShortMessage());
            assertEquals(Set.of("README.md"), touched(repo, log.get(0)));
            assertTrue(touched(repo, log.get(1)).stream().allMatch(p -> p.startsWith("web_studio/")));
            assertTrue(touched(repo, log.get(2)).stream().allMatch(p -> p.startsWith("account_accountant/")));
            assertEquals(log.get(1).name(), r.changes().get(1).commit());

            assertEquals(new TreeSet<>(List.of("README.md", "account_accountant/__init__.py",
                    "account_accountant/__manifest__.py", "web_studio/__init__.py", "web_studio/__manifest__.py",
                    "web_studio/static/latest.js", "web_studio/static/studio.js", "web_studio/tools/build.sh")),
                    files(repo, tip), "Enterprise only, no Community module, no __pycache__");
            try (TreeWalk w = TreeWalk.forPath(repo, "web_studio/tools/build.sh", log.get(0).getTree())) {
                assertEquals(org.eclipse.jgit.lib.FileMode.EXECUTABLE_FILE, w.getFileMode(0));
            }
            try (TreeWalk w = TreeWalk.forPath(repo, "web_studio/static/latest.js", log.get(0).getTree())) {
                assertEquals(org.eclipse.jgit.lib.FileMode.SYMLINK, w.getFileMode(0));
                assertEquals("studio.js", new String(repo.open(w.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
            String readme = read(repo, tip, "README.md");
            assertTrue(readme.contains("| file | `odoo_16.0+e.20240301.tar.gz` |"), readme);
            assertTrue(readme.contains("| date | 2024-03-01T12:00:00Z |"), readme);
            assertTrue(readme.contains("| size | " + Files.size(b) + " bytes |"), readme);
            assertTrue(readme.contains("| sha256 | `" + Digests.sha256Hex(b) + "` |"), readme);
        }

        ImportResult again = project.importer(b, mirror.toString()).apply(true).call();
        assertEquals(0, again.commits());
        assertEquals(tip, EnterpriseFixtures.tip(mirror, "16.0"), "the same bundle again makes no commit");
        assertTrue(Files.readString(project.work().resolve("enterprise-import/report.txt"))
                .contains("changes    none"));
    }

    @Test
    void aNewerBundleCommitsExactlyTheChangedModules() throws Exception {
        EnterpriseFixtures.BundleSpec first = bundle().addon(TOP + "/odoo/addons/helpdesk",
                manifest("Helpdesk", "OEEL-1", "base"));
        project.importer(first.tarGz(tmp.resolve("odoo_16.0+e.20240301.tar.gz")), mirror.toString()).apply(true).call();
        ObjectId before = EnterpriseFixtures.tip(mirror, "16.0");
        // An operator's own README text survives: only the identity block is rewritten.
        String readme;
        try (Git g = Git.open(mirror.toFile())) {
            readme = read(g.getRepository(), before, "README.md");
        }
        pushReadme(readme.replace("Private: never publish", "Owned by ACME. Private: never publish"));
        ObjectId edited = EnterpriseFixtures.tip(mirror, "16.0");

        EnterpriseFixtures.BundleSpec newer = first.copy()
                .file(TOP + "/odoo/addons/web_studio/static/studio.js", "studio(2);\n") // changed
                .remove(TOP + "/odoo/addons/helpdesk") // dropped by Odoo
                .addon(TOP + "/odoo/addons/sign", manifest("Sign", "OEEL-1", "base")); // new
        Path b2 = newer.tarGz(tmp.resolve("odoo_16.0+e.20240401.tar.gz"));
        ImportResult r = project.importer(b2, mirror.toString()).apply(true).call();

        assertEquals(List.of("helpdesk REMOVED", "sign ADDED", "web_studio CHANGED"),
                r.changes().stream().map(c -> c.module() + " " + c.kind()).toList());
        assertEquals(edited.name(), r.before());
        try (Git g = Git.open(mirror.toFile())) {
            Repository repo = g.getRepository();
            List<RevCommit> log = new ArrayList<>();
            g.log().addRange(edited, EnterpriseFixtures.tip(mirror, "16.0")).call().forEach(log::add);
            assertEquals(List.of("[IMP] README: source bundle odoo_16.0+e.20240401.tar.gz",
                    "[IMP] web_studio: update from odoo_16.0+e.20240401.tar.gz",
                    "[ADD] sign: import from odoo_16.0+e.20240401.tar.gz",
                    "[REM] helpdesk: remove, no longer in the bundle (bundle odoo_16.0+e.20240401.tar.gz)"),
                    log.stream().map(RevCommit::getShortMessage).toList());
            assertEquals(Set.of("web_studio/static/studio.js"), touched(repo, log.get(1)));
            String now = read(repo, log.get(0), "README.md");
            assertTrue(now.contains("Owned by ACME."), now);
            assertTrue(now.contains("`odoo_16.0+e.20240401.tar.gz`") && !now.contains("20240301.tar.gz"), now);
            assertEquals(1, now.split(java.util.regex.Pattern.quote(MirrorReadme.BEGIN), -1).length - 1, "one identity block");
        }
    }

    @Test
    void aZipBundleGivesTheSameModulesAsTheTarGz() throws Exception {
        EnterpriseFixtures.BundleSpec spec = bundle();
        project.importer(spec.tarGz(tmp.resolve("odoo_16.0+e.20240301.tar.gz")), mirror.toString()).apply(true).call();
        ImportResult zip = project.importer(spec.zip(tmp.resolve("odoo_16.0+e.20240301.zip")), mirror.toString())
                .apply(true).call();
        assertEquals("zip", zip.bundle().format());
        assertEquals(List.of("account_accountant", "web_studio"), zip.classification().enterprise());
        assertEquals(Set.of("sale"), zip.classification().drifted().keySet());
        assertEquals(List.of(), zip.changes(), "same files, modes and links: no module change");
        assertTrue(zip.readmeChanged(), "another file: only the identity block changes");
        assertEquals(1, zip.commits());
    }

    @Test
    void modulesAtTheTopLevelAddonsRootAreFoundToo() throws Exception {
        Path b = new EnterpriseFixtures.BundleSpec()
                .addon("enterprise/addons/web_studio", manifest("Studio", "OEEL-1", "web"))
                .addon("enterprise/addons/web", manifest("Web", "LGPL-3", "base"))
                .tarGz(tmp.resolve("flat.tar.gz"));
        ImportResult r = project.importer(b, mirror.toString()).call();
        assertEquals(List.of("addons"), r.bundle().roots());
        assertEquals(List.of("web_studio"), r.classification().enterprise());
        assertEquals(Set.of("web"), r.classification().drifted().keySet(), "its manifest differs from Community's");
    }

    @Test
    void aHardLinkInsideTheBundleIsImportedAsTheFileItLinksTo() throws Exception {
        Path b = bundle().hardlink(TOP + "/odoo/addons/web_studio/static/copy.js", TOP + "/odoo/addons/web_studio/static/studio.js")
                .tarGz(tmp.resolve("odoo_16.0+e.20240301.tar.gz"));
        ImportResult r = project.importer(b, mirror.toString()).apply(true).call();
        try (Git g = Git.open(mirror.toFile())) {
            Repository repo = g.getRepository();
            assertEquals("studio();\n", read(repo, ObjectId.fromString(r.after()), "web_studio/static/copy.js"));
        }
    }

    @Test
    void aBundleMadeByTarWithItsDotRootIsRead() throws Exception {
        Path dir = tmp.resolve("unpacked");
        EnterpriseFixtures.addon(dir.resolve(TOP + "/odoo/addons/web_studio"), manifest("Studio", "OEEL-1", "web"));
        EnterpriseFixtures.write(dir.resolve(TOP + "/odoo/release.py"), "version_info = (16, 0, 0, 'final', 0, '')\n");
        Path b = tmp.resolve("dot.tar.gz");
        EnterpriseFixtures.run(tmp, "tar", "-czf", b.toString(), "-C", dir.toString(), "."); // "./", "./odoo-16.0+e..."
        ImportResult r = project.importer(b, mirror.toString()).call();
        assertEquals(TOP, r.bundle().top());
        assertEquals("16.0", r.bundle().series());
        assertEquals(List.of("web_studio"), r.classification().enterprise());
    }

    @Test
    void aPrivateMirrorOverHttpIsReachedWithTheCredentialsOfItsHost() throws Exception {
        String token = "glpat-s3cr3t-t0ken-value";
        try (dev.odooimage.repos.HttpGitServer http = new dev.odooimage.repos.HttpGitServer(tmp, "deploy-bot", token)) {
            String url = http.url("mirror.git");
            Path b = bundle().tarGz(tmp.resolve("odoo_16.0+e.20240301.tar.gz"));
            OdooImageException e = assertThrows(OdooImageException.class,
                    () -> project.importer(b, url).apply(true).call());
            String serverId = java.net.URI.create(url).getHost() + ":" + java.net.URI.create(url).getPort();
            assertTrue(e.getMessage().contains("<id>" + serverId + "</id>"), e.getMessage());
            assertNull(EnterpriseFixtures.tip(mirror, "16.0"));

            dev.odooimage.repos.GitAccess access = new dev.odooimage.repos.GitAccess(
                    java.util.Map.of("127.0.0.1", new dev.odooimage.credentials.Credential("deploy-bot", token)), null);
            ImportResult r = project.importer(b, url).access(access).apply(true).call();
            assertEquals(3, r.commits());
            assertEquals(r.after(), EnterpriseFixtures.tip(mirror, "16.0").name(), "pushed over http");
            assertTrue(http.authorized.get() > 0);
            String report = Files.readString(project.work().resolve("enterprise-import/report.json"));
            assertFalse(report.contains(token));
        }
    }

    @Test
    void aMirrorThatMovedSinceTheCloneFailsCleanly() throws Exception {
        Path b = bundle().tarGz(tmp.resolve("odoo_16.0+e.20240301.tar.gz"));
        project.importer(b, mirror.toString()).apply(true).call();
        Path b2 = bundle().file(TOP + "/odoo/addons/web_studio/static/studio.js", "studio(2);\n")
                .tarGz(tmp.resolve("odoo_16.0+e.20240401.tar.gz"));
        String[] theirs = new String[1];
        OdooImageException e = assertThrows(OdooImageException.class, () -> project.importer(b2, mirror.toString())
                .apply(true).beforePush(() -> theirs[0] = pushReadme("# moved meanwhile\n").name()).call());
        assertTrue(e.getMessage().contains("moved since it was cloned") && e.getMessage().contains("Nothing was pushed"),
                e.getMessage());
        assertEquals(theirs[0], EnterpriseFixtures.tip(mirror, "16.0").name(), "their commit stays, ours is not forced");
        assertFalse(Files.exists(project.work().resolve("enterprise-import/report.json")), "no report of a failed run");
        assertFalse(Files.exists(project.work().resolve("enterprise-import/.mirror-clone")), "the clone is removed");
    }

    // ----- helpers -----

    /** Someone else commits a README to the mirror (a real push through a real clone). */
    private ObjectId pushReadme(String text) {
        try {
            Path work = Files.createTempDirectory(tmp, "other-clone");
            try (Git g = Git.cloneRepository().setURI(mirror.toUri().toString()).setDirectory(work.toFile())
                    .setBranch("16.0").call()) {
                Files.writeString(work.resolve("README.md"), text);
                g.add().addFilepattern("README.md").call();
                RevCommit c = g.commit().setMessage("edit README").setAuthor("Ops", "ops@example.com")
                        .setCommitter("Ops", "ops@example.com").setSign(false).call();
                g.push().call();
                return c;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> touched(Repository repo, RevCommit c) throws Exception {
        try (Git g = new Git(repo); var reader = repo.newObjectReader()) {
            var newTree = new org.eclipse.jgit.treewalk.CanonicalTreeParser(null, reader, c.getTree());
            var oldTree = c.getParentCount() == 0 ? new org.eclipse.jgit.treewalk.EmptyTreeIterator()
                    : new org.eclipse.jgit.treewalk.CanonicalTreeParser(null, reader,
                            repo.parseCommit(c.getParent(0)).getTree());
            Set<String> out = new TreeSet<>();
            for (DiffEntry d : g.diff().setOldTree(oldTree).setNewTree(newTree).call()) {
                out.add(d.getChangeType() == DiffEntry.ChangeType.DELETE ? d.getOldPath() : d.getNewPath());
            }
            return out;
        }
    }

    static Set<String> files(Repository repo, ObjectId commit) throws Exception {
        Set<String> out = new TreeSet<>();
        try (TreeWalk w = new TreeWalk(repo)) {
            w.addTree(repo.parseCommit(commit).getTree());
            w.setRecursive(true);
            while (w.next()) {
                out.add(w.getPathString());
            }
        }
        return out;
    }

    static String read(Repository repo, ObjectId commit, String path) throws Exception {
        try (TreeWalk w = TreeWalk.forPath(repo, path, repo.parseCommit(commit).getTree())) {
            return new String(repo.open(w.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }
}
