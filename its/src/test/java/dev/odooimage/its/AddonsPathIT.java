package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.its.kit.Addon;
import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.MavenRunner;

/**
 * A generated project's {@code mvn process-sources} (check-lock, aggregate, addons-path)
 * writes the addons_path of the fixture sources in lock order, and a second copy of an
 * addon in another locked repository fails the build naming both paths.
 */
class AddonsPathIT {

    private static String aggregate(String path, String url, String series) {
        return path + ":\n  remotes:\n    origin: " + url + "\n  merges:\n    - origin " + series
                + "\n  target: origin " + series + "\n";
    }

    @Test
    void processSourcesWritesTheAddonsPathAndRefusesDuplicates() throws Exception {
        Path work = ItWork.dir(AddonsPathIT.class, "run");
        GitFixtures fx = GitFixtures.create(work.resolve("repos"));
        fx.init("empty-repo");
        fx.commit("empty-repo", "17.0", Map.of("README.md", "# first addon coming soon\n"), "[INIT] empty");
        String dupUrl = fx.addonRepo("dup-tools", Addon.of("tools_base", "base"));

        Path project = ArchetypeProject.generate(work, "addons-image",
                Map.of("odooVersion", "17.0", "imageName", "acme/addons", "registry", "127.0.0.1:5000/acme"));
        // Lock order on purpose: customer before OCA, to show that the order is the lock's.
        List<String> repos = new ArrayList<>(List.of(
                aggregate("./odoo", fx.fileUrl(GitFixtures.ODOO), "17.0"),
                aggregate("./customer/customer_addon", fx.fileUrl(GitFixtures.CUSTOMER_ADDON), "17.0"),
                aggregate("./oca/tools", fx.fileUrl(GitFixtures.OCA_TOOLS), "17.0"),
                aggregate("./owner/addons", fx.fileUrl("empty-repo"), "17.0")));
        Files.writeString(project.resolve("repos.yaml"), String.join("", repos));
        // The base image pin is PinBaseIT's subject; these projects keep the archetype's tag.
        MavenRunner mvn = MavenRunner.fromSystemProperties().withArgs("-Dodoo.base.allowUnpinned");

        mvn.run(project, work.resolve("lock.log"), "odoo:lock").assertSuccess();
        MavenRunner.Result ok = mvn.run(project, work.resolve("process-sources.log"), "process-sources").assertSuccess();

        Path out = project.resolve("target/odoo");
        assertEquals("/opt/odoo/src/odoo/odoo/addons,/opt/odoo/src/odoo/addons,/opt/odoo/src/customer,"
                + "/opt/odoo/src/oca/tools,/opt/odoo/src/owner/addons\n", Files.readString(out.resolve("addons_path")));
        JsonNode json = new ObjectMapper().readTree(out.resolve("addons.json").toFile());
        assertEquals("17.0", json.get("series").asText());
        assertEquals(List.of("base", "customer_addon", "tools_base", "tools_report", "tools_web", "web"),
                json.get("addons").findValuesAsText("name"));
        assertEquals("/opt/odoo/src/customer/customer_addon", json.get("addons").get(1).get("path").asText());
        assertEquals("customer/customer_addon", json.get("addons").get(1).get("repository").asText());
        ok.assertOutputContains("./customer/customer_addon: single-addon repository; its folder customer goes on"
                + " addons_path (nested)");
        ok.assertOutputContains("./owner/addons: no addon yet; kept on addons_path as locked");
        // unidecode (tools_report) is in oca/tools' requirements.txt, not in the image's Python inputs
        ok.assertOutputContains("[WARNING] Python package 'unidecode' (external_dependencies of tools_report"
                + " (./oca/tools)) is in none of");
        ok.assertOutputNotContains("addons, up to date, ");

        // Nothing changed: odoo:aggregate checked src/ in this build, so addons-path keeps its
        // outputs (same file, not rewritten) and repeats the recorded messages.
        Object inode = Files.readAttributes(out.resolve("addons.json"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        String addonsJson = Files.readString(out.resolve("addons.json"));
        mvn.run(project, work.resolve("process-sources-noop.log"), "process-sources").assertSuccess()
                .assertOutputContains("5 entries, 6 addons, up to date, ")
                .assertOutputContains("./owner/addons: no addon yet; kept on addons_path as locked")
                .assertOutputContains("[WARNING] Python package 'unidecode' (external_dependencies of tools_report");
        assertEquals(inode, Files.readAttributes(out.resolve("addons.json"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        assertEquals(addonsJson, Files.readString(out.resolve("addons.json")));
        // Run on its own (no odoo:aggregate in the build): it scans.
        mvn.run(project, work.resolve("addons-path-alone.log"), "odoo:addons-path").assertSuccess()
                .assertOutputNotContains("addons, up to date, ");

        // The odoo:addons report reads the same tree.
        mvn.run(project, work.resolve("addons-tree.log"), "odoo:addons", "-Dodoo.addons.tree=customer_addon")
                .assertSuccess().assertOutputContains("customer_addon 17.0.1.0.0 [LGPL-3, ./customer/customer_addon]")
                .assertOutputContains("\\- tools_base 17.0.1.0.0 [LGPL-3, ./oca/tools]");

        // A second tools_base in another locked repository: the build fails naming both.
        repos.add(aggregate("./oca/dup-tools", dupUrl, "17.0"));
        Files.writeString(project.resolve("repos.yaml"), String.join("", repos));
        mvn.run(project, work.resolve("lock-dup.log"), "odoo:lock").assertSuccess();
        // The lock moved and nothing aggregated it: odoo:addons-path on its own says so (was exit 0
        // with the old sources).
        mvn.run(project, work.resolve("addons-path-stale.log"), "odoo:addons-path").assertFailure()
                .assertOutputContains("target/odoo/src is not what repos.lock.yaml describes")
                .assertOutputContains("./oca/dup-tools: in repos.lock.yaml, not aggregated")
                .assertOutputContains("Run mvn odoo:aggregate (or mvn generate-sources) first.");
        mvn.run(project, work.resolve("process-sources-dup.log"), "process-sources").assertFailure()
                .assertOutputContains("duplicate addon 'tools_base' on addons_path:")
                .assertOutputContains("/opt/odoo/src/oca/tools/tools_base  (repository ./oca/tools)")
                .assertOutputContains("/opt/odoo/src/oca/dup-tools/tools_base  (repository ./oca/dup-tools)")
                .assertOutputContains("git composition");
        assertFalse(Files.exists(out.resolve("addons_path")), "no stale addons_path after the failure");
        assertTrue(Files.isDirectory(out.resolve("src/oca/dup-tools/tools_base")), "the duplicate was materialised");
    }
}
