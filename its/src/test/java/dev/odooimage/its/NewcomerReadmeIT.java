package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
 * sections, executed verbatim by bash in order, work. There is no {@code mvn} on the PATH: the
 * commands use the generated repository's wrapper ({@code ./mvnw}), which finds Maven 3.9.9 in
 * {@code ~/.m2/wrapper} (where this build's own wrapper put it) or downloads it from Maven
 * Central. Maven's own options for this environment (local repository, http registry) travel in
 * MAVEN_ARGS, not in the commands.
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
            assertEquals(List.of("git init", "./mvnw odoo:lock odoo:pin-base odoo:system-lock generate-resources -Dodoo.python.refresh",
                    "git add . && git commit -m \"Initial image repository with its locks\"", "./mvnw verify",
                    "./mvnw deploy"), commands, "the README's newcomer path changed: update this test deliberately");

            Map<String, String> env = newcomerEnvironment(project, mvn);
            Procs.Result noMvn = Procs.run(List.of("bash", "-c", "command -v mvn"), project, env, null,
                    Duration.ofSeconds(30), work.resolve("which-mvn.log"));
            assertEquals(1, noMvn.exitCode(), "mvn must not be on the newcomer's PATH: " + noMvn.output());
            assertTrue(Files.isExecutable(project.resolve("mvnw")), "the archetype writes an executable ./mvnw");

            int step = 0;
            for (String command : commands) {
                step++;
                if (command.startsWith("./mvnw odoo:lock odoo:pin-base")) {
                    InstalledPlugin.require(List.of("lock", "pin-base", "system-lock", "check-lock", "aggregate", "addons-path",
                            "python-env"), List.of());
                } else if (command.startsWith("./mvnw verify") || command.startsWith("./mvnw deploy")) {
                    InstalledPlugin.require(List.of("check-lock", "check-base", "aggregate", "addons-path",
                            "python-env", "verify", "smoke"), List.of(FreshProjectIT.EXTENSION));
                }
                Procs.Result r = Procs.run(List.of("bash", "-euo", "pipefail", "-c", command), project, env, null,
                        Duration.ofMinutes(30), work.resolve("step-" + step + ".log"));
                assertEquals(0, r.exitCode(), "README step " + step + " `" + command + "` failed:\n"
                        + Procs.tail(r.output(), 60));
                if (command.startsWith("./mvnw")) {
                    assertTrue(r.output().contains("Apache Maven 3.9.9"), "./mvnw runs the wrapper's Maven:\n"
                            + Procs.tail(r.output(), 20));
                }
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

    /**
     * A newcomer's shell: a PATH without {@code mvn} (the README's commands use {@code ./mvnw}):
     * a directory of the PATH that holds {@code mvn} (Debian's maven puts it in /usr/bin) is
     * replaced by a mirror of symbolic links to everything else in it. Java, a git identity,
     * and this environment's Maven options in MAVEN_ARGS ({@code -V} prints the version the
     * wrapper runs).
     */
    static Map<String, String> newcomerEnvironment(Path project, MavenRunner mvn) throws IOException {
        List<String> path = new ArrayList<>();
        Path mirrors = project.resolveSibling(project.getFileName() + "-path-without-mvn");
        int n = 0;
        for (String dir : System.getenv("PATH").split(":")) {
            if (dir.isEmpty() || !Files.isDirectory(Path.of(dir))) {
                continue;
            }
            if (!Files.exists(Path.of(dir, "mvn"))) {
                path.add(dir);
                continue;
            }
            Path mirror = Files.createDirectories(mirrors.resolve(String.valueOf(n++)));
            try (Stream<Path> entries = Files.list(Path.of(dir))) {
                for (Path e : entries.toList()) {
                    String name = e.getFileName().toString();
                    if (!name.startsWith("mvn") && !Files.exists(mirror.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(mirror.resolve(name), e);
                    }
                }
            }
            path.add(mirror.toString());
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", String.join(":", path));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("MAVEN_BASEDIR", project.toString());
        env.put("MAVEN_ARGS", "-V -B -ntp -Dstyle.color=never -Dmaven.repo.local=" + mvn.localRepo()
                + " -Djib.allowInsecureRegistries=true");
        env.put("GIT_AUTHOR_NAME", "New Comer");
        env.put("GIT_AUTHOR_EMAIL", "newcomer@example.com");
        env.put("GIT_COMMITTER_NAME", "New Comer");
        env.put("GIT_COMMITTER_EMAIL", "newcomer@example.com");
        return env;
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
