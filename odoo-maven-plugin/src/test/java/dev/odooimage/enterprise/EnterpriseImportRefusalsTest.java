package dev.odooimage.enterprise;

import static dev.odooimage.enterprise.EnterpriseFixtures.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import dev.odooimage.util.OdooImageException;

/**
 * What the import refuses, each time before anything is written to the mirror: entries escaping
 * the bundle, links leading out of it or out of their module, unknown layouts, non-archives, a
 * bundle of another series or without Enterprise modules, a Community checkout that is not fresh
 * against the lock, a mirror URL carrying credentials.
 */
class EnterpriseImportRefusalsTest {
    static final String TOP = EnterpriseImportTest.TOP;

    @TempDir
    Path tmp;
    EnterpriseFixtures.Project project;
    Path mirror;

    @BeforeEach
    void setUp() throws Exception {
        project = EnterpriseFixtures.project(tmp, EnterpriseFixtures.syntheticCommunity(tmp.resolve("community")));
        mirror = EnterpriseFixtures.bareMirror(tmp.resolve("mirror.git"));
    }

    EnterpriseFixtures.BundleSpec bundle() throws Exception {
        return EnterpriseImportTest.bundle(tmp);
    }

    @Test
    void aBundleOfAnotherSeriesOrWithoutEnterpriseModulesIsRefused() throws Exception {
        Path other = bundle().file(TOP + "/odoo/release.py", "version_info = (17, 0, 0, 'final', 0, '')\n")
                .tarGz(tmp.resolve("odoo_17.0+e.20240301.tar.gz"));
        OdooImageException e = assertThrows(OdooImageException.class,
                () -> project.importer(other, mirror.toString()).apply(true).call());
        assertTrue(e.getMessage().contains("is Odoo 17.0 (its odoo/release.py) but the Community checkout ./odoo is 16.0"),
                e.getMessage());

        project.importer(bundle().tarGz(tmp.resolve("odoo_16.0+e.20240301.tar.gz")), mirror.toString()).apply(true).call();
        ObjectId tip = EnterpriseFixtures.tip(mirror, "16.0");
        Path communityOnly = bundle().remove(TOP + "/odoo/addons/web_studio").remove(TOP + "/odoo/addons/account_accountant")
                .tarGz(tmp.resolve("odoo_16.0.latest.tar.gz"));
        e = assertThrows(OdooImageException.class, () -> project.importer(communityOnly, mirror.toString()).apply(true).call());
        assertTrue(e.getMessage().contains("holds no Enterprise module: all its 4 modules are in the Community checkout"),
                e.getMessage());
        assertEquals(tip, EnterpriseFixtures.tip(mirror, "16.0"), "the mirror was not emptied");
    }

    @Test
    void traversalAndOutwardLinksAreRefusedBeforeAnythingIsWritten() throws Exception {
        List<String[]> cases = List.of(
                new String[] {"dotdot", "entry '" + TOP + "/../evil.py' escapes the bundle"},
                new String[] {"absolute", "entry '/etc/cron.d/evil' escapes the bundle"},
                new String[] {"link-out", "symbolic link '" + TOP + "/odoo/addons/web_studio/data' -> '../../../../etc'"
                        + " points outside the bundle"},
                new String[] {"link-absolute", "symbolic link '" + TOP + "/odoo/addons/web_studio/passwd' -> '/etc/passwd'"
                        + " points outside the bundle"},
                new String[] {"through-link", "entry '" + TOP + "/odoo/addons/web_studio/up/x.py' is stored under the"
                        + " symbolic link '" + TOP + "/odoo/addons/web_studio/up'"},
                new String[] {"hardlink", "hard link '" + TOP + "/odoo/addons/web_studio/h' points to 'etc/shadow'"},
                new String[] {"leaves-module", "symbolic link '" + TOP + "/odoo/addons/web_studio/lib' -> '../web/static'"
                        + " leaves its module web_studio, so it would point out of the mirror"});
        for (String[] c : cases) {
            EnterpriseFixtures.BundleSpec spec = bundle();
            switch (c[0]) {
                case "dotdot" -> spec.file(TOP + "/../evil.py", "x");
                case "absolute" -> spec.file("/etc/cron.d/evil", "x");
                case "link-out" -> spec.symlink(TOP + "/odoo/addons/web_studio/data", "../../../../etc");
                case "link-absolute" -> spec.symlink(TOP + "/odoo/addons/web_studio/passwd", "/etc/passwd");
                case "through-link" -> spec.symlink(TOP + "/odoo/addons/web_studio/up", "static")
                        .file(TOP + "/odoo/addons/web_studio/up/x.py", "x");
                case "leaves-module" -> spec.symlink(TOP + "/odoo/addons/web_studio/lib", "../web/static");
                default -> spec.hardlink(TOP + "/odoo/addons/web_studio/h", "etc/shadow");
            }
            List<Path> bundles = c[0].equals("hardlink") // zip has no hard links
                    ? List.of(spec.tarGz(tmp.resolve(c[0] + ".tar.gz")))
                    : List.of(spec.tarGz(tmp.resolve(c[0] + ".tar.gz")), spec.zip(tmp.resolve(c[0] + ".zip")));
            for (Path b : bundles) {
                OdooImageException e = assertThrows(OdooImageException.class,
                        () -> project.importer(b, mirror.toString()).apply(true).call(), b.toString());
                assertTrue(e.getMessage().contains(c[1]), b + ": " + e.getMessage());
                assertTrue(e.getMessage().contains("source bundle " + b.getFileName()), e.getMessage());
                assertNull(EnterpriseFixtures.tip(mirror, "16.0"));
                assertFalse(Files.exists(project.work().resolve("enterprise-import")), "nothing written");
            }
        }
        // A link that stays inside the bundle is fine (imported as a link, tested above).
    }

    @Test
    void anUnknownLayoutIsRefusedNamingWhatWasFound() throws Exception {
        Path b = new EnterpriseFixtures.BundleSpec()
                .addon("enterprise-16.0/web_studio", manifest("Studio", "OEEL-1", "web"))
                .addon("enterprise-16.0/sign", manifest("Sign", "OEEL-1", "base"))
                .file("enterprise-16.0/README.md", "x")
                .zip(tmp.resolve("enterprise-16.0.zip"));
        OdooImageException e = assertThrows(OdooImageException.class,
                () -> project.importer(b, mirror.toString()).call());
        assertTrue(e.getMessage().contains("source bundle enterprise-16.0.zip: unknown layout. Expected"
                + " <top>/odoo/addons/<module>/__manifest__.py and/or <top>/addons/<module>/__manifest__.py"), e.getMessage());
        assertTrue(e.getMessage().contains("found under enterprise-16.0/: README.md, sign/, web_studio/."), e.getMessage());

        Path notArchive = Files.writeString(tmp.resolve("odoo_16.0+e.tar.gz"), "<html>login required</html>");
        assertTrue(assertThrows(OdooImageException.class, () -> project.importer(notArchive, mirror.toString()).call())
                .getMessage().contains("is neither a tar.gz nor a zip archive"));
    }

    @Test
    void refusesWhenCommunityIsNotFreshAgainstTheLock() throws Exception {
        Path b = bundle().tarGz(tmp.resolve("odoo_16.0+e.20240301.tar.gz"));
        Path edited = project.work().resolve("src/odoo/addons/sale/models/sale_order.py");
        String was = Files.readString(edited);
        Files.writeString(edited, "class SaleOrder:\n    amount = 0\n");
        OdooImageException e = assertThrows(OdooImageException.class, () -> project.importer(b, mirror.toString()).call());
        assertTrue(e.getMessage().startsWith("the Community checkout is not fresh against repos.lock.yaml: the files of"
                + " aggregate ./odoo under "), e.getMessage());
        assertTrue(e.getMessage().contains("Refresh Community first: mvn odoo:lock"), e.getMessage());
        Files.writeString(edited, was);

        // Community moved upstream and was locked, but not aggregated again.
        Files.writeString(project.communityRepo().resolve("addons/sale/models/sale_order.py"), "class SaleOrder:\n    amount = 2\n");
        EnterpriseFixtures.run(project.communityRepo(), "git", "-c", "user.name=Odoo", "-c", "user.email=odoo@example.com",
                "commit", "-q", "-am", "[FIX] sale");
        new dev.odooimage.repos.LockRepos(new dev.odooimage.repos.LsRemote(dev.odooimage.repos.GitAccess.anonymous()), 1)
                .run(project.reposFile(), project.lockFile(), dev.odooimage.repos.Refresh.of(true, null, null));
        e = assertThrows(OdooImageException.class, () -> project.importer(b, mirror.toString()).call());
        assertTrue(e.getMessage().contains("aggregate ./odoo under " + project.work().resolve("src")
                + " was built from other commits than the lock pins"), e.getMessage());
        Files.delete(project.work().resolve("src.json"));
        e = assertThrows(OdooImageException.class, () -> project.importer(b, mirror.toString()).call());
        assertTrue(e.getMessage().contains("src.json is missing or unreadable: the sources were never aggregated"),
                e.getMessage());

        Files.writeString(project.reposFile(), Files.readString(project.reposFile()).replace("odoo 16.0\n  target",
                "odoo 16.0-hotfix\n  target"));
        e = assertThrows(OdooImageException.class, () -> project.importer(b, mirror.toString()).call());
        assertTrue(e.getMessage().startsWith("repos.yaml and repos.lock.yaml disagree"), e.getMessage());
        assertTrue(e.getMessage().contains("+ ./odoo: merge 'odoo 16.0-hotfix' not in the lock"), e.getMessage());
        assertNull(EnterpriseFixtures.tip(mirror, "16.0"));
    }

    @Test
    void aMirrorUrlWithCredentialsIsRefusedWithoutShowingThem() throws Exception {
        Path b = bundle().tarGz(tmp.resolve("odoo_16.0+e.20240301.tar.gz"));
        OdooImageException e = assertThrows(OdooImageException.class, () -> project.importer(b,
                "https://deploy:s3cr3t-token@git.example.com/acme/enterprise.git").call());
        assertTrue(e.getMessage().contains("https://deploy:***@git.example.com/acme/enterprise.git embeds credentials"),
                e.getMessage());
        assertTrue(e.getMessage().contains("<id>git.example.com</id>"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"));
    }

}
