package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.its.kit.Addon;
import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.ContainerEngine;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.LocalRegistry;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Skips;
import dev.odooimage.its.kit.TestBaseImage;

/**
 * A generated project's {@code mvn verify} end to end on the fixtures: lock, aggregate,
 * addons_path, venv, Jib image FROM the Debian test base, then odoo:verify and odoo:smoke
 * (real podman, throw-away PostgreSQL, the fixture odoo). Then the broken variants, each
 * failing with its own message: a .git left in, a build package leaked, a root user, a
 * secret planted, an addon whose module fails to import.
 *
 * <p>The pipeline's own steps strip .git and never take a root user, so those two variants
 * tamper with the built tarball (adding a layer / changing the config) and run odoo:verify on
 * it; the others go through the whole {@code mvn verify}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyIT {
    static final String SERIES = "17.0";
    static final String SETTINGS_SECRET = "verify-it-Server-Secret-31d7";

    static Path work;
    static LocalRegistry registry;
    static GitFixtures fixtures;
    static Path project;
    static Path settings;
    static MavenRunner maven;
    static ContainerEngine engine;

    @BeforeAll
    static void setUp() throws Exception {
        Skips.require(pipelineMissing());
        Skips.require(TestBaseImage.unavailableReason());
        Skips.require(LocalRegistry.binary() == null ? "docker-registry is not installed" : null);
        engine = ContainerEngine.detect();
        Skips.require(engine.unavailableReason());
        work = ItWork.dir(VerifyIT.class, "run");
        registry = LocalRegistry.start();
        LocalRegistry.Pushed base = TestBaseImage.get().pushTo(registry);
        fixtures = GitFixtures.create(work.resolve("repos"), SERIES);
        fixtures.addonRepo("broken", Addon.of("broken_import", "base")
                .withInit("import nonexistent_module_for_verify_it  # the module's import fails\n"));
        project = ArchetypeProject.generate(work, "acme-odoo", Map.of("odooVersion", SERIES,
                "baseImage", base.pinned(), "registry", registry.host(), "imageName", "acme/odoo",
                "pythonVersion", "3.11", "pythonInterpreter", "/usr/bin/python3.11", "debianRelease", "bookworm"));
        writeRepos(false);
        // gcc is not in the Debian test base, python3 is: both package checks really run.
        Files.writeString(project.resolve("system-build-packages.txt"), "gcc\n");
        Files.writeString(project.resolve("system-runtime-packages.txt"), "python3\n");
        settings = Files.writeString(work.resolve("settings.xml"), """
                <settings><servers><server>
                  <id>git.example.org</id><username>ci</username><password>%s</password>
                </server></servers></settings>
                """.formatted(SETTINGS_SECRET));
        maven = MavenRunner.fromSystemProperties().offline(false).withTimeout(Duration.ofMinutes(30));
        mvn("lock", "odoo:lock").assertSuccess();
        // First bootstrap of the Python lock, as a new project does it (then reviewed and committed).
        mvn("python-lock", "generate-resources", "-Dodoo.python.refresh").assertSuccess();
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    /** Why the pipeline cannot run yet (goals or the Jib extension not in the installed plugin), or null. */
    static String pipelineMissing() throws Exception {
        String version = System.getProperty("its.project.version");
        Path jar = MavenRunner.fromSystemProperties().localRepo().resolve("dev/odooimage/odoo-maven-plugin/"
                + version + "/odoo-maven-plugin-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            return "the plugin is not installed at " + jar + " (run mvn install)";
        }
        List<String> missing = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String descriptor = new String(zip.getInputStream(zip.getEntry("META-INF/maven/plugin.xml")).readAllBytes());
            for (String goal : List.of("lock", "check-lock", "aggregate", "addons-path", "python-env", "verify",
                    "smoke")) {
                if (!descriptor.contains("<goal>" + goal + "</goal>")) {
                    missing.add("goal " + goal);
                }
            }
            if (zip.getEntry("dev/odooimage/image/OdooJibExtension.class") == null) {
                missing.add("the Jib extension dev.odooimage.image.OdooJibExtension");
            }
        }
        return missing.isEmpty() ? null : "VerifyIT needs the whole pipeline on main; the installed plugin lacks "
                + String.join(", ", missing);
    }

    static void writeRepos(boolean withBroken) throws Exception {
        String repos = fixtures.aggregateYaml("./odoo", "odoo", GitFixtures.ODOO)
                + fixtures.aggregateYaml("./oca-tools", "oca", GitFixtures.OCA_TOOLS);
        if (withBroken) {
            repos += """
                    ./broken:
                      remotes:
                        acme: %s
                      merges:
                        - acme %s
                      target: acme %s
                    """.formatted(fixtures.fileUrl("broken"), SERIES, SERIES);
        }
        Files.writeString(project.resolve("repos.yaml"), repos);
    }

    static MavenRunner.Result mvn(String log, String... args) {
        List<String> all = new ArrayList<>(List.of("-s", settings == null ? "/dev/null" : settings.toString(),
                "-Djib.allowInsecureRegistries=true", "-Dodoo.smoke.dbImage=none"));
        all.addAll(List.of(args));
        return maven.run(project, work.resolve(log + ".log"), all);
    }

    static JsonNode report(String name) throws Exception {
        return new ObjectMapper().readTree(project.resolve("target/odoo/" + name + ".json").toFile());
    }

    /** The built tarball plus {@code change}, written next to it; returns its path. */
    static Path tampered(String name, java.util.function.Consumer<ImageTar> change) throws Exception {
        ImageTar img = new ImageTar();
        img.user = null;
        img.entrypoint = null;
        change.accept(img);
        Path out = project.resolve("target/" + name + ".tar");
        img.write(project.resolve("target/jib-image.tar"), out);
        return out;
    }

    @Test
    @Order(1)
    void generatedProjectPassesMvnVerify() throws Exception {
        MavenRunner.Result r = mvn("verify-good", "verify", "-Dodoo.smoke.modules=tools_base,tools_web");
        r.assertSuccess().assertOutputContains("[PASS] lock-layers").assertOutputContains("[PASS] server-health")
                .assertOutputContains("[PASS] build-packages-absent")
                .assertOutputContains("[PASS] runtime-packages-present");
        assertTrue(report("verify-report").get("passed").asBoolean());
        assertTrue(report("smoke-report").get("passed").asBoolean());
        assertEquals("docker", report("verify-report").at("/image/format").asText());
        engine.rmi(report("smoke-report").at("/image/id").asText());
    }

    @Test
    @Order(2)
    void gitLeftInFails() throws Exception {
        Path tar = tampered("with-git", img -> img.layer("leftover")
                .file("/opt/odoo/src/oca-tools/.git/HEAD", 0644, "ref: refs/heads/17.0\n"));
        mvn("verify-git", "odoo:verify", "-Dodoo.image.tarball=" + tar).assertFailure()
                .assertOutputContains("no-git: 1 .git entry under /opt/odoo/src, first /opt/odoo/src/oca-tools/.git");
    }

    @Test
    @Order(3)
    void rootUserFails() throws Exception {
        Path tar = tampered("as-root", img -> img.user = "0");
        mvn("verify-root", "odoo:verify", "-Dodoo.image.tarball=" + tar).assertFailure()
                .assertOutputContains("non-root-user: User '0' is root (uid 0)");
    }

    @Test
    @Order(4)
    void plantedSecretFails() throws Exception {
        Path tar = tampered("with-secret", img -> img.layer("leak")
                .file("/etc/odoo/leaked.conf", 0644, "git_token = " + SETTINGS_SECRET + "\n"));
        MavenRunner.Result r = mvn("verify-secret", "odoo:verify", "-Dodoo.image.tarball=" + tar).assertFailure()
                .assertOutputContains("settings.xml server 'git.example.org' password found in layer");
        assertFalse(r.output().contains(SETTINGS_SECRET), "the secret is never printed");
    }

    @Test
    @Order(5)
    void buildPackageLeakedFails() throws Exception {
        Path file = project.resolve("system-build-packages.txt");
        String before = Files.readString(file);
        try {
            // In the Debian base, as a build-only package would be after a careless install.
            Files.writeString(file, before + "\nca-certificates\n");
            mvn("verify-leak", "verify").assertFailure().assertOutputContains(
                    "build-only package ca-certificates (dpkg status: install ok installed) leaked into the image");
        } finally {
            Files.writeString(file, before);
        }
    }

    @Test
    @Order(6)
    void addonWhoseModuleFailsToImportFails() throws Exception {
        writeRepos(true);
        mvn("lock-broken", "odoo:lock").assertSuccess();
        MavenRunner.Result r = mvn("verify-broken", "verify", "-Dodoo.smoke.modules=broken_import").assertFailure();
        r.assertOutputContains("odoo-init: odoo-init exited").assertOutputContains("nonexistent_module_for_verify_it");
        JsonNode smoke = report("smoke-report");
        assertFalse(smoke.get("passed").asBoolean());
        engine.rmi(smoke.at("/image/id").asText());
    }
}
