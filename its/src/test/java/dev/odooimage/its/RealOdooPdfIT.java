package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.GitDaemon;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.LocalRegistry;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Procs;
import dev.odooimage.its.kit.RealOdoo;
import dev.odooimage.its.kit.Skips;
import dev.odooimage.its.kit.TestBaseImage;

/**
 * PDF reports on real Odoo: the 16.0 project of {@link RealOdooIT} (archetype defaults with their
 * package lists, real Odoo core, test base image from the local registry) with Debian's wkhtmltopdf
 * added to system-runtime-packages.txt (the defaults already have a font), locked with the README's first command; then {@code ./mvnw verify}:
 * odoo:verify's {@code shared-libraries} passes over the real venv and the package layer, and
 * odoo:smoke's {@code pdf-report} renders base's module reference through wkhtmltopdf as uid 1000
 * and gets a {@code %PDF-} document. The .deb cache is the user's (shared with other builds).
 */
class RealOdooPdfIT {

    @Test
    void smokeRendersARealPdfReport() throws Exception {
        Skips.require(RealOdoo.unavailableReason());
        Skips.require(TestBaseImage.unavailableReason());
        Path work = ItWork.dir(RealOdooPdfIT.class, "pdf");
        long t0 = System.nanoTime();
        RealOdoo odoo = RealOdoo.get();
        odoo.repository(work.resolve("git"));
        TestBaseImage base = TestBaseImage.get();
        MavenRunner mvn = MavenRunner.fromSystemProperties();
        Map<String, Long> steps = new LinkedHashMap<>();
        try (GitDaemon git = GitDaemon.start(work.resolve("git")); LocalRegistry registry = LocalRegistry.start()) {
            LocalRegistry.Pushed pushed = base.pushTo(registry);
            Map<String, String> props = new HashMap<>(FreshProjectIT.baseProperties(base, pushed, registry));
            props.put("odooVersion", RealOdoo.SERIES);
            // the archetype's package lists as generated: python-ldap's build packages, the runtime libraries
            props.put(ArchetypeProject.KEEP_PACKAGE_DEFAULTS, "true");
            Path project = ArchetypeProject.generate(work, "real-odoo-pdf", props);
            FreshProjectIT.pointOdooAt(project, git.url("odoo"));
            // the user's decision the archetype leaves open: Debian's wkhtmltopdf
            Files.writeString(project.resolve("system-runtime-packages.txt"), "wkhtmltopdf\n",
                    StandardOpenOption.APPEND);
            Map<String, String> env = NewcomerReadmeIT.newcomerEnvironment(project, mvn);
            InstalledPlugin.require(List.of("lock", "pin-base", "system-lock", "system-packages", "verify", "smoke"),
                    List.of(FreshProjectIT.EXTENSION));
            List<String> commands = List.of("git init",
                    "./mvnw odoo:lock odoo:pin-base odoo:system-lock generate-resources -Dodoo.python.refresh",
                    "git add . && git commit -m \"Image repository with its locks and wkhtmltopdf\"",
                    "./mvnw verify");
            int step = 0;
            for (String command : commands) {
                step++;
                long s0 = System.nanoTime();
                Procs.Result r = Procs.run(List.of("bash", "-euo", "pipefail", "-c", command), project, env, null,
                        Duration.ofMinutes(45), work.resolve("step-" + step + ".log"));
                steps.put(command, (System.nanoTime() - s0) / 1_000_000);
                assertEquals(0, r.exitCode(), "step " + step + " `" + command + "` failed (log "
                        + work.resolve("step-" + step + ".log") + "):\n" + Procs.tail(r.output(), 80));
            }
            assertTrue(Files.readString(project.resolve("system-packages.lock")).contains("\nPackage: wkhtmltopdf\n"));
            assertTrue(Files.readString(project.resolve("requirements.lock.txt")).contains("# compiled: python-ldap"),
                    "python-ldap is compiled with the archetype's build packages");

            Map<String, JsonNode> verify = checks(project.resolve("target/odoo/verify-report.json"));
            JsonNode libs = verify.get("shared-libraries");
            assertEquals("pass", libs.path("status").asText(), libs.toPrettyString());
            int elf = Integer.parseInt(libs.path("message").asText().replaceAll("^(\\d+) ELF.*", "$1"));
            assertTrue(elf > 200, "the venv's extensions and the package layer's binaries were read: " + libs);

            Map<String, JsonNode> smoke = checks(project.resolve("target/odoo/smoke-report.json"));
            JsonNode pdf = smoke.get("pdf-report");
            assertEquals("pass", pdf.path("status").asText(), pdf.toPrettyString());
            assertTrue(pdf.path("message").asText().matches("base\\.ir_module_reference_print: \\d+ bytes, %PDF-1\\.\\d"
                    + " \\(/usr/bin/wkhtmltopdf\\)"), pdf.path("message").asText());
        }
        System.err.printf("[RealOdooPdfIT] steps %s, total %d s%n", steps, (System.nanoTime() - t0) / 1_000_000_000);
    }

    private static Map<String, JsonNode> checks(Path report) throws Exception {
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        Map<String, JsonNode> out = new HashMap<>();
        json.path("checks").forEach(c -> out.put(c.path("id").asText(), c));
        return out;
    }
}
