package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipFile;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Skips;

/**
 * mvn odoo:pin-base and odoo:check-base on a generated project, against a real registry on
 * 127.0.0.1: the unpinned refusal, the rewrite of exactly one pom line, the no-change run,
 * the refresh, and pin + check in one invocation.
 */
class PinBaseIT {
    static ItsRegistry registry;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        work = ItsMaven.workDir(PinBaseIT.class, "registry");
        registry = ItsRegistry.start(work);
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static Path generate(String artifactId, String baseImage) {
        Path parent = ItsMaven.workDir(PinBaseIT.class, artifactId);
        ItsMaven.generate(parent, Map.of("groupId", "com.example", "artifactId", artifactId, "odooVersion", "17.0",
                "baseImage", baseImage, "pythonVersion", "3.11", "pythonInterpreter", "/usr/bin/python3.11",
                "debianRelease", "bookworm")).assertSuccess();
        return parent.resolve(artifactId);
    }

    @Test
    void pinRefuseRefreshCycle() throws Exception {
        String tagged = registry.host() + "/test/debian-python:bookworm";
        String first = registry.push("test/debian-python", "bookworm", "base 1");
        Path project = generate("cycle", tagged);
        Path pom = project.resolve("pom.xml");
        String generated = Files.readString(pom);
        String line = "<odoo.base.image>" + tagged + "</odoo.base.image>";
        assertTrue(generated.contains(line), generated);

        MavenRunner.Result refused = ItsMaven.run(project, "odoo:check-base").assertFailure();
        assertTrue(refused.output().contains("is not pinned by digest"), ItsMaven.tail(refused));
        assertTrue(refused.output().contains("Run `mvn odoo:pin-base`"), ItsMaven.tail(refused));

        MavenRunner.Result allowed = ItsMaven.run(project, "odoo:check-base", "-Dodoo.base.allowUnpinned").assertSuccess();
        assertTrue(allowed.output().contains("building anyway"), ItsMaven.tail(allowed));

        ItsMaven.run(project, "odoo:pin-base").assertSuccess();
        String pinned = Files.readString(pom);
        assertEquals(generated.replace(line, "<odoo.base.image>" + tagged + "@" + first + "</odoo.base.image>"),
                pinned, "pin-base changes exactly the base image value");
        // check-base now reads the pinned base's facts: from the registry once, then from the cache, also with -o
        MavenRunner.Result checked = ItsMaven.runOnline(project, "odoo:check-base").assertSuccess();
        assertTrue(checked.output().contains("glibc 2.36, python 3.11 at /usr/bin/python3.11"), ItsMaven.tail(checked));
        ItsMaven.run(project, "odoo:check-base").assertSuccess();

        byte[] before = Files.readAllBytes(pom);
        MavenRunner.Result again = ItsMaven.run(project, "odoo:pin-base").assertSuccess();
        assertTrue(again.output().contains("already pinned"), ItsMaven.tail(again));
        assertArrayEquals(before, Files.readAllBytes(pom));

        MavenRunner.Result unmoved = ItsMaven.run(project, "odoo:pin-base", "-Dodoo.base.refresh").assertSuccess();
        assertTrue(unmoved.output().contains("Base image unchanged"), ItsMaven.tail(unmoved));
        assertArrayEquals(before, Files.readAllBytes(pom));

        String second = registry.push("test/debian-python", "bookworm", "base 2");
        ItsMaven.run(project, "odoo:pin-base", "-Dodoo.base.refresh").assertSuccess();
        assertEquals(generated.replace(line, "<odoo.base.image>" + tagged + "@" + second + "</odoo.base.image>"),
                Files.readString(pom));
    }

    @Test
    void pinAndCheckInOneInvocation() throws Exception {
        String tagged = registry.host() + "/test/one-shot:trixie";
        String digest = registry.push("test/one-shot", "trixie", "one shot");
        Path project = generate("one-shot", tagged);

        MavenRunner.Result result = ItsMaven.runOnline(project, "odoo:pin-base", "odoo:check-base").assertSuccess();

        assertTrue(result.output().contains("Base image pinned: " + tagged + "@" + digest), ItsMaven.tail(result));
        assertTrue(Files.readString(project.resolve("pom.xml")).contains(tagged + "@" + digest));
    }

    @Test
    void unknownTagFailsAndLeavesThePom() throws Exception {
        Path project = generate("unknown-tag", registry.host() + "/test/debian-python:no-such-tag");
        byte[] before = Files.readAllBytes(project.resolve("pom.xml"));

        MavenRunner.Result result = ItsMaven.run(project, "odoo:pin-base").assertFailure();

        assertTrue(result.output().contains("has no manifest") && result.output().contains("no-such-tag"),
                ItsMaven.tail(result));
        assertArrayEquals(before, Files.readAllBytes(project.resolve("pom.xml")));
    }

    /**
     * The lifecycle: `mvn validate` (so `mvn package`) stops at an unpinned base with the
     * command to run. Needs check-base in the odoo-image lifecycle mapping (validate phase).
     */
    @Test
    void unpinnedBaseStopsTheBuildAtValidate() throws Exception {
        Skips.require(lifecycleChecksBase() ? null
                : "the odoo-image lifecycle of this build's plugin does not bind odoo:check-base at validate yet");
        String tagged = registry.host() + "/test/lifecycle:bookworm";
        registry.push("test/lifecycle", "bookworm", "lifecycle");
        Path project = generate("lifecycle", tagged);
        pointOdooAtLocalRepository(project);
        ItsMaven.run(project, "odoo:lock").assertSuccess();

        MavenRunner.Result refused = ItsMaven.run(project, "validate").assertFailure();
        assertTrue(refused.output().contains("is not pinned by digest"), ItsMaven.tail(refused));
        assertTrue(refused.output().contains("Run `mvn odoo:pin-base`"), ItsMaven.tail(refused));
        ItsMaven.run(project, "validate", "-Dodoo.base.allowUnpinned").assertSuccess();

        ItsMaven.run(project, "odoo:pin-base").assertSuccess();
        ItsMaven.runOnline(project, "validate").assertSuccess();
    }

    /** repos.yaml's only edit: the Odoo remote becomes a local repository with a 17.0 branch. */
    private static void pointOdooAtLocalRepository(Path project) throws Exception {
        Path repo = project.getParent().resolve("odoo-remote");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("17.0").call()) {
            Files.writeString(repo.resolve("README.md"), "fixture odoo\n");
            git.add().addFilepattern("README.md").call();
            git.commit().setMessage("fixture").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                    .setSign(false).call();
        }
        Path repos = project.resolve("repos.yaml");
        String text = Files.readString(repos);
        assertTrue(text.contains("https://github.com/odoo/odoo.git"));
        Files.writeString(repos, text.replace("https://github.com/odoo/odoo.git", repo.toUri().toString()));
    }

    private static boolean lifecycleChecksBase() throws Exception {
        try (ZipFile zip = new ZipFile(InstalledPlugin.jar().toFile())) {
            String mapping = new String(zip.getInputStream(zip.getEntry("META-INF/plexus/components.xml"))
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int validate = mapping.indexOf("<validate>");
            return validate >= 0 && mapping.substring(validate, mapping.indexOf("</validate>")).contains(":check-base");
        }
    }
}
