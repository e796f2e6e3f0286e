package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.its.ImageTarball.Layer;
import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.GitDaemon;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.LocalRegistry;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Procs;
import dev.odooimage.its.kit.Skips;
import dev.odooimage.its.kit.TestBaseImage;

/**
 * The whole lifecycle of a generated project, as a user runs it: lock, pin-base, the Python
 * lock (generate-resources -Dodoo.python.refresh), then {@code mvn package} (check-lock, aggregate,
 * addons-path, python-env, bytecode, prepare-image, jib:buildTar) twice from two checkouts, the
 * image run by podman, and {@code mvn deploy} pushing it to the registry on 127.0.0.1.
 */
class ImagePipelineIT {
    static final String SERIES = "17.0";
    static final String PLANTED = "planted-pipeline-Secret-31d7c0";

    @Test
    void packageBuildsAReproducibleImageThatRunsAndDeployPushesIt() throws Exception {
        Skips.require(TestBaseImage.unavailableReason());
        InstalledPlugin.require(List.of("check-lock", "aggregate", "addons-path", "python-env", "bytecode",
                "prepare-image", "verify", "smoke"), List.of("dev.odooimage.image.OdooJibExtension"));
        Path work = ItWork.dir(ImagePipelineIT.class, "pipeline");
        GitFixtures fixtures = GitFixtures.create(work.resolve("git"), SERIES);
        TestBaseImage base = TestBaseImage.get();
        try (GitDaemon git = GitDaemon.start(fixtures.root()); LocalRegistry registry = LocalRegistry.start()) {
            LocalRegistry.Pushed pushed = base.pushTo(registry);
            Path project = ArchetypeProject.generate(work, "acme-odoo",
                    FreshProjectIT.baseProperties(base, pushed, registry));
            FreshProjectIT.pointOdooAt(project, git.url(GitFixtures.ODOO));
            Files.writeString(project.resolve("repos.yaml"), """
                    ./oca-tools:
                      remotes:
                        oca: %s
                      merges:
                        - oca %s
                      target: oca %s
                    """.formatted(git.url(GitFixtures.OCA_TOOLS), SERIES, SERIES),
                    java.nio.file.StandardOpenOption.APPEND);

            // Credentials in the build's reach: settings.xml, HOME, environment.
            Path home = Files.createDirectories(work.resolve("home"));
            Files.writeString(home.resolve(".git-credentials"), "https://ci:" + PLANTED + "@git.example.org\n");
            Path settings = work.resolve("settings.xml");
            Files.writeString(settings, "<settings><servers><server><id>" + registry.host()
                    + "</id><username>ci</username><password>" + PLANTED + "</password></server></servers></settings>\n");
            MavenRunner mvn = MavenRunner.fromSystemProperties().withEnv("HOME", home.toString())
                    .withEnv("PLANTED_ENV_SECRET", PLANTED);

            mvn.run(project, work.resolve("lock.log"), "-s", settings.toString(), "odoo:lock").assertSuccess();
            mvn.run(project, work.resolve("pin-base.log"), "-s", settings.toString(), "odoo:pin-base",
                    "-Djib.allowInsecureRegistries=true").assertSuccess();
            // The Python lock is made from the aggregated sources (Odoo's requirements.txt).
            mvn.run(project, work.resolve("python-lock.log"), "-s", settings.toString(), "generate-resources",
                    "-Dodoo.python.refresh").assertSuccess();
            assertTrue(Files.readString(project.resolve("requirements.lock.txt")).contains("--hash=sha256:"));

            // A second checkout of the same commit (no target/), under umask 077.
            Path second = work.resolve("elsewhere/second-checkout");
            ImageIT.copyTree(project, second);
            Procs.run("rm", "-rf", second.resolve("target").toString()).orThrow();
            ImageIT.restrictPermissions(second);

            mvn.run(project, work.resolve("package-1.log"), "-s", settings.toString(), "package",
                    "-Djib.allowInsecureRegistries=true").assertSuccess();
            mvn.run(second, work.resolve("package-2.log"), "-s", settings.toString(), "package",
                    "-Djib.allowInsecureRegistries=true").assertSuccess();
            Path tar = project.resolve("target/jib-image.tar");
            String digest = Files.readString(project.resolve("target/jib-image.digest")).trim();
            assertEquals(digest, Files.readString(second.resolve("target/jib-image.digest")).trim(),
                    "same inputs, same digest, from another directory and umask");

            ImageTarball image = ImageTarball.read(tar);
            // FROM the test base image: its layer comes first, unchanged.
            assertEquals(baseDiffId(base), image.config.get("rootfs").get("diff_ids").get(0).asText());
            assertEquals(pushed.reference() + "@" + pushed.digest(),
                    image.config.get("config").get("Labels").get("dev.odooimage.base-image").asText());
            // skeleton, venv, odoo, oca-tools, addons_path: each tree with its .pyc (odoo:bytecode)
            List<Layer> ours = image.topLayers(5);
            assertTrue(ImageIT.names(ours.get(1)).stream().anyMatch(n -> n.startsWith("opt/odoo/venv/lib/python3.11/"
                    + "site-packages/psycopg2/__pycache__/")), ImageIT.names(ours.get(1)).toString());
            assertTrue(ImageIT.names(ours.get(2)).contains("opt/odoo/src/odoo/odoo-bin"));
            assertTrue(ImageIT.names(ours.get(2)).contains("opt/odoo/src/odoo/odoo/__pycache__/release.cpython-311.pyc"));
            assertTrue(ImageIT.names(ours.get(3)).stream().anyMatch(n -> n.startsWith("opt/odoo/src/oca-tools/")));
            assertTrue(ImageIT.names(ours.get(4)).contains("etc/odoo/addons_path"));
            for (Layer l : image.layers) {
                assertFalse(ImageTarball.contains(l.tar(), PLANTED), "planted secret in layer " + l.file());
                for (String n : ImageIT.names(l)) {
                    if (n.startsWith("opt/odoo/") || n.startsWith("etc/odoo/")) {
                        assertFalse(n.contains("/.git/") || n.endsWith("requirements.lock.txt")
                                || n.endsWith("repos.lock.yaml") || n.endsWith("repos.yaml"), n);
                    }
                }
            }
            assertFalse(ImageTarball.contains(image.configBytes, PLANTED));

            ImageIT.assertRunsInitialisesAndServes(tar, work, SERIES);

            mvn.run(project, work.resolve("deploy.log"), "-s", settings.toString(), "deploy",
                    "-Djib.allowInsecureRegistries=true").assertSuccess()
                    // The .pyc live beside target/odoo/src: the aggregate stays a no-op, so does the bytecode.
                    .assertOutputContains("Sources up to date: 2 aggregate(s)")
                    .assertOutputContains("odoo:bytecode: bytecode up to date (3 trees)");
            assertEquals(digest, Files.readString(project.resolve("target/jib-image.digest")).trim(),
                    "mvn deploy pushed the image mvn package built");
            Matcher m = Pattern.compile("<odoo.image.tag>([^<]+)</odoo.image.tag>")
                    .matcher(Files.readString(project.resolve("pom.xml")));
            assertTrue(m.find());
            assertEquals(digest, ImageIT.registryDigest(registry, "clients/acme-odoo", m.group(1)),
                    "the registry holds the tarball's digest");
        }
    }

    /** The diff_id of the test base image's single layer, from its own docker-save archive. */
    static String baseDiffId(TestBaseImage base) throws Exception {
        Path x = Files.createTempDirectory("base-config");
        try {
            Procs.run("tar", "-C", x.toString(), "-xf", base.tarball().toString(), "manifest.json").orThrow();
            ObjectMapper json = new ObjectMapper();
            String config = json.readTree(x.resolve("manifest.json").toFile()).get(0).get("Config").asText();
            Procs.run("tar", "-C", x.toString(), "-xf", base.tarball().toString(), config).orThrow();
            return json.readTree(x.resolve(config).toFile()).get("rootfs").get("diff_ids").get(0).asText();
        } finally {
            Procs.run("rm", "-rf", x.toString());
        }
    }
}
