package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
 * A newcomer follows the generated README: the commands of its "First build" and "Publish"
 * sections, executed verbatim by bash in order, work. Maven's own options for this
 * environment (local repository, http registry) travel in MAVEN_ARGS, not in the commands.
 */
class NewcomerReadmeIT {

    @Test
    void readmeCommandsWorkInOrder() throws Exception {
        Skips.require(TestBaseImage.unavailableReason());
        Path work = ItWork.dir(NewcomerReadmeIT.class, "newcomer");
        GitFixtures fixtures = GitFixtures.create(work.resolve("git"));
        TestBaseImage base = TestBaseImage.get();
        MavenRunner mvn = MavenRunner.fromSystemProperties();
        try (GitDaemon git = GitDaemon.start(fixtures.root()); LocalRegistry registry = LocalRegistry.start()) {
            LocalRegistry.Pushed pushed = base.pushTo(registry);
            Path project = ArchetypeProject.generate(work, "acme-odoo",
                    FreshProjectIT.baseProperties(base, pushed, registry));
            FreshProjectIT.pointOdooAt(project, git.url(GitFixtures.ODOO));

            String readme = Files.readString(project.resolve("README.md"));
            List<String> commands = new ArrayList<>(commandsOf(readme, "## First build"));
            commands.addAll(commandsOf(readme, "## Publish"));
            assertEquals(List.of("git init", "mvn odoo:lock odoo:pin-base generate-resources -Dodoo.python.refresh",
                    "git add . && git commit -m \"Initial image repository with its locks\"", "mvn verify",
                    "mvn deploy"), commands, "the README's newcomer path changed: update this test deliberately");

            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", mvn.mavenHome().resolve("bin") + ":" + System.getenv("PATH"));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("MAVEN_BASEDIR", project.toString());
            env.put("MAVEN_ARGS", "-B -ntp -Dstyle.color=never -Dmaven.repo.local=" + mvn.localRepo()
                    + " -Djib.allowInsecureRegistries=true");
            env.put("GIT_AUTHOR_NAME", "New Comer");
            env.put("GIT_AUTHOR_EMAIL", "newcomer@example.com");
            env.put("GIT_COMMITTER_NAME", "New Comer");
            env.put("GIT_COMMITTER_EMAIL", "newcomer@example.com");

            int step = 0;
            for (String command : commands) {
                step++;
                if (command.startsWith("mvn odoo:lock odoo:pin-base")) {
                    InstalledPlugin.require(List.of("lock", "pin-base", "check-lock", "aggregate", "addons-path",
                            "python-env"), List.of());
                } else if (command.startsWith("mvn verify") || command.startsWith("mvn deploy")) {
                    InstalledPlugin.require(List.of("check-lock", "check-base", "aggregate", "addons-path",
                            "python-env", "verify", "smoke"), List.of(FreshProjectIT.EXTENSION));
                }
                Procs.Result r = Procs.run(List.of("bash", "-euo", "pipefail", "-c", command), project, env, null,
                        Duration.ofMinutes(30), work.resolve("step-" + step + ".log"));
                assertEquals(0, r.exitCode(), "README step " + step + " `" + command + "` failed:\n"
                        + Procs.tail(r.output(), 60));
            }

            assertFalse(Files.readString(project.resolve("requirements.lock.txt")).contains("Bootstrap placeholder"));
            String digest = Files.readString(project.resolve("target/jib-image.digest")).strip();
            java.util.regex.Matcher tagInPom = java.util.regex.Pattern.compile("<odoo.image.tag>([^<]+)</odoo.image.tag>")
                    .matcher(Files.readString(project.resolve("pom.xml")));
            assertTrue(tagInPom.find(), "the generated pom names the image tag");
            String tag = tagInPom.group(1);
            HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    registry.url("/v2/clients/acme-odoo/manifests/" + tag)))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept", "application/vnd.oci.image.manifest.v1+json, "
                            + "application/vnd.docker.distribution.manifest.v2+json").build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(200, head.statusCode(), "mvn deploy pushed the image");
            assertEquals(digest, head.headers().firstValue("Docker-Content-Digest").orElse(""));
        }
    }

    /** The lines of the first fenced code block after {@code heading}. */
    static List<String> commandsOf(String readme, String heading) {
        int at = readme.indexOf("\n" + heading + "\n");
        assertTrue(at >= 0, "README has no section " + heading);
        int open = readme.indexOf("```\n", at);
        int close = readme.indexOf("\n```", open + 4);
        List<String> lines = new ArrayList<>();
        for (String line : readme.substring(open + 4, close).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                lines.add(line.strip());
            }
        }
        return lines;
    }
}
