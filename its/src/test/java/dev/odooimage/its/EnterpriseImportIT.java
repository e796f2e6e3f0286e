package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.MavenRunner;

/**
 * The operator's Enterprise workflow on a generated project, through real Maven processes, in
 * the contract's order: Community locked and aggregated; an Enterprise source bundle (a tar.gz
 * made by the real tar) imported into a bare private mirror named in the pom, dry run then
 * apply; the mirror added to repos.yaml under its heading and locked; addons_path puts it right
 * after Community; {@code community-only} still refuses the Enterprise addons.
 */
class EnterpriseImportIT {
    static final String TOP = "odoo-17.0+e.20240301";

    @Test
    void bundleToMirrorToLockToAddonsPath() throws Exception {
        Path work = ItWork.dir(EnterpriseImportIT.class, "run");
        GitFixtures fx = GitFixtures.create(work.resolve("repos"));
        fx.init("enterprise"); // the private mirror: an empty bare repository
        String mirrorUrl = fx.fileUrl("enterprise");

        Path project = ArchetypeProject.generate(work, "enterprise-image",
                Map.of("odooVersion", "17.0", "imageName", "acme/odoo", "registry", "127.0.0.1:5000/acme"));
        Path pom = project.resolve("pom.xml");
        String pomText = Files.readString(pom);
        String plugin = "<extensions>true</extensions>\n      </plugin>";
        assertTrue(pomText.contains(plugin), "the archetype declares odoo-maven-plugin with extensions");
        Files.writeString(pom, pomText.replaceFirst(java.util.regex.Pattern.quote(plugin), "<extensions>true</extensions>\n"
                + "        <configuration>\n          <enterpriseMirror>" + mirrorUrl + "</enterpriseMirror>\n"
                + "        </configuration>\n      </plugin>"));
        String community = "# --- Odoo Community ---\n" + aggregate("./odoo", "odoo", fx.fileUrl(GitFixtures.ODOO));
        String oca = "# --- OCA ---\n" + aggregate("./oca/tools", "oca", fx.fileUrl(GitFixtures.OCA_TOOLS));
        Files.writeString(project.resolve("repos.yaml"), community + oca);
        MavenRunner mvn = MavenRunner.fromSystemProperties().withArgs("-Dodoo.base.allowUnpinned");

        // 1. Refresh Community: lock and aggregate.
        mvn.run(project, work.resolve("lock.log"), "odoo:lock").assertSuccess();
        mvn.run(project, work.resolve("generate-sources.log"), "generate-sources").assertSuccess();

        // The bundle, as Odoo ships it: core files, Community copies (web drifted), Enterprise modules.
        Path src = project.resolve("target/odoo/src/odoo");
        Path tree = work.resolve("bundle").resolve(TOP);
        copy(src.resolve("odoo-bin"), tree.resolve("odoo-bin"));
        copy(src.resolve("odoo/release.py"), tree.resolve("odoo/release.py"));
        copyTree(src.resolve("odoo/addons/base"), tree.resolve("odoo/addons/base"));
        copyTree(src.resolve("addons/web"), tree.resolve("odoo/addons/web"));
        Files.writeString(tree.resolve("odoo/addons/web/controllers/home.py"), "# drifted copy\n");
        enterpriseAddon(tree.resolve("odoo/addons/web_studio"), "Studio", "web");
        enterpriseAddon(tree.resolve("odoo/addons/web_enterprise"), "Web Enterprise", "web");
        Path bundle = work.resolve("odoo_17.0+e.20240301.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", bundle.toString(), "-C", tree.getParent().toString(), TOP)
                .redirectErrorStream(true).start();
        assertEquals(0, tar.waitFor(), new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

        // 2. Import: a dry run, then apply.
        mvn.run(project, work.resolve("import-dry.log"), "odoo:enterprise-import",
                "-Dodoo.enterprise.bundle=" + bundle).assertSuccess()
                .assertOutputContains("Classified 4 modules: 1 Community, 1 Community drifted (not imported), 2 Enterprise")
                .assertOutputContains("[WARNING] Community drift (the checkout wins, nothing imported): web")
                .assertOutputContains("Dry run: 3 commit(s) would be made on 17.0 of");
        assertNull(tip(fx, "enterprise"), "the dry run pushed nothing");
        mvn.run(project, work.resolve("import-apply.log"), "odoo:enterprise-import",
                "-Dodoo.enterprise.bundle=" + bundle, "-Dodoo.enterprise.apply").assertSuccess()
                .assertOutputContains("[ADD] web_enterprise: new Enterprise module in the bundle")
                .assertOutputContains("[ADD] web_studio: new Enterprise module in the bundle")
                .assertOutputContains("Pushed 3 commit(s) to 17.0 of");
        String imported = tip(fx, "enterprise");
        assertNotNull(imported);
        JsonNode report = new ObjectMapper().readTree(project.resolve("target/odoo/enterprise-import/report.json").toFile());
        assertEquals("apply", report.get("mode").asText());
        assertEquals(imported, report.at("/mirror/after").asText());
        assertEquals("controllers/home.py", report.at("/classification/communityDrifted/web/changed/0").asText());

        // 3. Lock: the mirror goes into repos.yaml under its heading, right after Community.
        String enterprise = "# --- Odoo Enterprise (private mirror) ---\n" + aggregate("./enterprise", "enterprise",
                mirrorUrl);
        Files.writeString(project.resolve("repos.yaml"), community + enterprise + oca);
        mvn.run(project, work.resolve("lock-enterprise.log"), "odoo:lock").assertSuccess();
        assertTrue(Files.readString(project.resolve("repos.lock.yaml")).contains("- enterprise " + imported),
                "the lock pins the imported commit");

        // 4. Build (up to the addons path): Enterprise right after Community.
        mvn.run(project, work.resolve("process-sources.log"), "process-sources").assertSuccess();
        assertEquals("/opt/odoo/src/odoo/odoo/addons,/opt/odoo/src/odoo/addons,/opt/odoo/src/enterprise,"
                + "/opt/odoo/src/oca/tools\n", Files.readString(project.resolve("target/odoo/addons_path")));
        assertFalse(Files.exists(project.resolve("target/odoo/src/enterprise/web")), "no Community module in the mirror");
        assertTrue(Files.isRegularFile(project.resolve("target/odoo/src/enterprise/README.md")));

        // The same bundle again: nothing to commit, even with the mirror now locked.
        mvn.run(project, work.resolve("import-again.log"), "odoo:enterprise-import",
                "-Dodoo.enterprise.bundle=" + bundle, "-Dodoo.enterprise.apply").assertSuccess()
                .assertOutputContains("The mirror already holds this bundle: no commit.");
        assertEquals(imported, tip(fx, "enterprise"));

        // community-only still keeps Enterprise addons out of the image.
        mvn.run(project, work.resolve("community-only.log"), "process-sources", "-Dodoo.addons.licensePolicy=community-only")
                .assertFailure()
                .assertOutputContains("licence policy community-only: 2 addon(s) carry an Odoo proprietary licence:"
                        + " web_enterprise (OEEL-1, ./enterprise), web_studio (OEEL-1, ./enterprise)");
    }

    private static String aggregate(String path, String remote, String url) {
        return path + ":\n  remotes:\n    " + remote + ": " + url + "\n  merges:\n    - " + remote + " 17.0\n  target: "
                + remote + " 17.0\n";
    }

    private static void enterpriseAddon(Path dir, String name, String depends) throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("__init__.py"), "from . import models\n");
        Files.writeString(dir.resolve("models/__init__.py"), "");
        Files.writeString(dir.resolve("__manifest__.py"), "{\n    'name': '" + name + "',\n    'version': '17.0.1.0.0',\n"
                + "    'license': 'OEEL-1',\n    'depends': ['" + depends + "'],\n}\n");
    }

    private static String tip(GitFixtures fx, String name) throws Exception {
        try (Git g = Git.open(fx.repoDir(name).toFile())) {
            Repository r = g.getRepository();
            var id = r.resolve("refs/heads/17.0");
            return id == null ? null : id.name();
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    copy(p, t);
                }
            }
        }
    }
}
