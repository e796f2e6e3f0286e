package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.odooimage.its.ImageTarball.Entry;
import dev.odooimage.its.ImageTarball.Layer;
import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.ContainerEngine;
import dev.odooimage.its.kit.FixtureOdoo;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.LocalRegistry;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Ports;
import dev.odooimage.its.kit.Postgres;
import dev.odooimage.its.kit.Procs;
import dev.odooimage.its.kit.TestBaseImage;

/**
 * The image a generated project builds: the real archetype's pom, the real Jib 3.5.1 with our
 * extension, FROM the Debian test base image served by a registry on 127.0.0.1; then podman runs
 * it as the non-root user against a real PostgreSQL.
 *
 * <p>The pipeline files under target/odoo are prepared here the way odoo:aggregate,
 * odoo:addons-path and odoo:python-env leave them (real git clones of the fixture repositories
 * with their .git, a venv whose interpreter links point into the image, psycopg2-binary from
 * PyPI), and the image goals run directly ({@code odoo:prepare-image jib:buildTar}, then
 * {@code jib:build}): this test covers the image step on its own. The whole lifecycle
 * ({@code mvn package}, {@code mvn deploy}) is driven by the pipeline test.
 */
class ImageIT {
    static final String SERIES = "17.0";
    static final String PLANTED_SETTINGS = "planted-settings-Secret-4f1e90";
    static final String PLANTED_GIT = "planted-git-Token-77c2d1";
    static final String PLANTED_ENV = "planted-env-Secret-a9d0b3";
    static final String PLANTED_PROJECT = "planted-project-Secret-5e6f";
    /** Layers our extension adds: skeleton, venv, odoo, oca-tools, addons_path. */
    static final int OUR_LAYERS = 5;

    static Path work;
    static LocalRegistry registry;
    static LocalRegistry.Pushed base;
    static MavenRunner maven;
    static Path settings;
    static Path project;
    static Path copy;
    static ImageTarball image;

    @BeforeAll
    static void build() throws Exception {
        assertNull(TestBaseImage.unavailableReason(), TestBaseImage.unavailableReason());
        assertNull(LocalRegistry.binary() == null ? "docker-registry is not installed" : null);
        work = ItWork.dir(ImageIT.class, "run");
        registry = LocalRegistry.start();
        base = TestBaseImage.get().pushTo(registry);
        GitFixtures fixtures = GitFixtures.create(work.resolve("repos"), SERIES);

        project = ArchetypeProject.generate(work, "acme-odoo", Map.of("odooVersion", SERIES,
                "baseImage", base.pinned(), "registry", registry.host(), "imageName", "acme/odoo",
                "pythonVersion", "3.11", "pythonInterpreter", "/usr/bin/python3.11", "debianRelease", "bookworm"));
        Files.writeString(project.resolve("repos.yaml"), fixtures.aggregateYaml("./odoo", "odoo", GitFixtures.ODOO)
                + fixtures.aggregateYaml("./oca-tools", "oca", GitFixtures.OCA_TOOLS));
        // A file in the project the image must not take either.
        Files.writeString(project.resolve("local-notes.txt"), PLANTED_PROJECT + "\n");

        // The build environment, with secrets planted where builds find credentials.
        Path home = Files.createDirectories(work.resolve("home"));
        Files.writeString(home.resolve(".git-credentials"), "https://ci:" + PLANTED_GIT + "@git.example.org\n");
        Files.writeString(home.resolve(".gitconfig"), "[credential]\n\thelper = store\n");
        settings = work.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <servers>
                    <server><id>%s</id><username>ci</username><password>%s</password></server>
                    <server><id>git.example.org</id><username>ci</username><password>%s</password></server>
                  </servers>
                </settings>
                """.formatted(registry.host(), PLANTED_SETTINGS, PLANTED_SETTINGS));
        maven = MavenRunner.fromSystemProperties().offline(false).withTimeout(Duration.ofMinutes(15))
                .withEnv("HOME", home.toString()).withEnv("PLANTED_ENV_SECRET", PLANTED_ENV)
                .withEnv("GIT_ASKPASS_TOKEN", PLANTED_ENV);

        maven.run(project, work.resolve("lock.log"), "-s", settings.toString(), "odoo:lock").assertSuccess();
        preparePipelineFiles(project, fixtures);
        buildImage(project, "build-1");

        // The same inputs from another checkout directory, created under umask 077.
        copy = work.resolve("elsewhere/second-checkout");
        copyTree(project, copy);
        restrictPermissions(copy);
        buildImage(copy, "build-2");

        image = ImageTarball.read(project.resolve("target/jib-image.tar"));
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    // ------------------------------------------------------------------ the build

    @Test
    void sameInputsGiveTheSameDigestFromAnotherDirectoryAndUmask() throws IOException {
        String digest1 = Files.readString(project.resolve("target/jib-image.digest")).trim();
        String digest2 = Files.readString(copy.resolve("target/jib-image.digest")).trim();
        assertTrue(digest1.matches("sha256:[0-9a-f]{64}"), digest1);
        assertEquals(digest1, digest2, "image digest of the second checkout");
        assertEquals(Files.readString(project.resolve("target/jib-image.id")).trim(),
                Files.readString(copy.resolve("target/jib-image.id")).trim());
        assertEquals(Files.readString(project.resolve("target/jib-image.id")).trim(), image.imageId());
        // The second checkout really had restrictive modes.
        assertEquals("rwx------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(copy.resolve("target/odoo/src/odoo/odoo-bin"))));
    }

    @Test
    void layersHoldTheRuntimeVenvEachAggregateInLockOrderAndAddonsPathLast() {
        List<Layer> ours = image.topLayers(OUR_LAYERS);
        assertTrue(names(ours.get(0)).containsAll(List.of("usr/local/bin/odoo-run", "usr/local/bin/odoo-init",
                "usr/local/bin/odoo-update", "usr/local/bin/odoo-shell", "run/odoo/", "var/lib/odoo/", "etc/odoo/")),
                names(ours.get(0)).toString());
        assertTrue(names(ours.get(1)).contains("opt/odoo/venv/pyvenv.cfg"));
        assertTrue(names(ours.get(2)).contains("opt/odoo/src/odoo/odoo-bin"));
        assertTrue(names(ours.get(3)).stream().anyMatch(n -> n.startsWith("opt/odoo/src/oca-tools/tools_base/")));
        assertTrue(names(ours.get(4)).contains("etc/odoo/addons_path"));
        assertFalse(names(ours.get(2)).stream().anyMatch(n -> n.startsWith("opt/odoo/src/oca-tools")),
                "one aggregate per layer");
    }

    @Test
    void modesOwnersAndTimesAreFixed() {
        Map<String, Entry> all = new LinkedHashMap<>();
        image.topLayers(OUR_LAYERS).forEach(l -> l.entries().forEach(e -> all.put(e.name(), e)));
        assertMode(all.get("run/odoo/"), 0700, 1000, 1000);
        assertMode(all.get("var/lib/odoo/"), 0750, 1000, 1000);
        assertMode(all.get("etc/odoo/"), 0755, 0, 0);
        assertMode(all.get("usr/local/bin/odoo-run"), 0755, 0, 0);
        assertMode(all.get("opt/odoo/src/odoo/odoo-bin"), 0755, 0, 0);
        assertMode(all.get("opt/odoo/src/odoo/odoo/release.py"), 0644, 0, 0);
        assertMode(all.get("etc/odoo/addons_path"), 0644, 0, 0);
        for (Entry e : all.values()) {
            assertTrue(e.mtime() <= 1, e.name() + " has time " + e.mtime());
            assertTrue(e.type() == '0' || e.type() == '5', e.name() + " is a plain file or directory");
        }
        // The venv's interpreter links became launchers that keep the venv active.
        assertMode(all.get("opt/odoo/venv/bin/python"), 0755, 0, 0);
        assertFalse(all.containsKey("opt/odoo/venv/lib64/"), "directory link left out");
    }

    @Test
    void nothingButTheReleaseReachesTheImage() {
        for (Layer l : image.topLayers(OUR_LAYERS)) {
            for (String n : names(l)) {
                assertFalse(n.contains("/.git/") || n.endsWith("/.git") || n.endsWith("/.git/"), n);
                String file = n.substring(n.lastIndexOf('/', n.length() - 2) + 1);
                assertFalse(List.of("repos.yaml", "repos.lock.yaml", "requirements.lock.txt", "requirements.in",
                        "requirements-constraints.in", "requirements-overrides.in", "requirements.effective.in",
                        "settings.xml", ".git-credentials", "local-notes.txt", "pom.xml", "src.json",
                        "addons.json").contains(file), n);
                assertFalse(n.contains("pip-cache") || n.contains("/.cache/"), n);
            }
        }
    }

    @Test
    void noPlantedSecretInAnyLayerOrTheConfig() throws IOException {
        // The secrets were within reach of the build: in its settings, HOME, environment, the
        // project directory and a source clone's .git/config.
        assertTrue(text(project.resolve("target/odoo/src/odoo/.git/config")).contains(PLANTED_GIT));
        assertTrue(text(project.resolve("local-notes.txt")).contains(PLANTED_PROJECT));
        // The scan reads the uncompressed layers: it finds what is there.
        Layer addonsPath = image.topLayers(1).get(0);
        assertTrue(ImageTarball.contains(addonsPath.tar(), "/opt/odoo/src/oca-tools"), "scanner self-check");
        assertTrue(ImageTarball.contains(image.topLayers(OUR_LAYERS).get(2).tar(), "Odoo Server"),
                "scanner self-check: the fixture's release.py");
        for (String secret : List.of(PLANTED_SETTINGS, PLANTED_GIT, PLANTED_ENV, PLANTED_PROJECT)) {
            for (Layer l : image.layers) {
                assertFalse(ImageTarball.contains(l.tar(), secret), secret + " found in layer " + l.file());
            }
            assertFalse(ImageTarball.contains(image.configBytes, secret), secret + " found in the config");
        }
    }

    @Test
    void configSetsUserEntrypointPortsVolumeAndLabels() throws IOException {
        JsonNode c = image.config.get("config");
        assertEquals("1000:1000", c.get("User").asText());
        assertEquals("[\"/usr/local/bin/odoo-run\"]", c.get("Entrypoint").toString());
        assertTrue(c.get("Cmd") == null || c.get("Cmd").isNull() || c.get("Cmd").isEmpty(),
                "the base image's Cmd is not passed to odoo-run: " + c.get("Cmd"));
        assertEquals("/var/lib/odoo", c.get("WorkingDir").asText());
        assertTrue(c.get("ExposedPorts").has("8069/tcp") && c.get("ExposedPorts").has("8072/tcp"));
        assertTrue(c.get("Volumes").has("/var/lib/odoo"));
        List<String> env = new ArrayList<>();
        c.get("Env").forEach(e -> env.add(e.asText()));
        assertTrue(env.contains("HOME=/var/lib/odoo") && env.contains("USER=odoo"), env.toString());
        assertTrue(env.stream().anyMatch(e -> e.startsWith("PATH=/opt/odoo/venv/bin:")), env.toString());
        JsonNode labels = c.get("Labels");
        assertEquals(SERIES, labels.get("dev.odooimage.odoo.series").asText());
        assertEquals(sha256(project.resolve("repos.lock.yaml")), labels.get("dev.odooimage.repos-lock.sha256").asText());
        assertEquals(sha256(project.resolve("requirements.lock.txt")),
                labels.get("dev.odooimage.python-lock.sha256").asText());
        assertEquals(base.pinned(), labels.get("dev.odooimage.base-image").asText());
        assertEquals("1.0.0-SNAPSHOT", labels.get("org.opencontainers.image.version").asText());
        assertEquals("odoo,oca-tools", labels.get("dev.odooimage.aggregates").asText());
    }

    // ------------------------------------------------------------------ running it

    @Test
    void runsAsTheNonRootUserInitialisesAnEmptyDatabaseAndServes() throws Exception {
        assertRunsInitialisesAndServes(project.resolve("target/jib-image.tar"), work, SERIES);
    }

    /**
     * Loads {@code tarball} into the container engine and proves the runtime contract: odoo-run
     * --version; uid 1000; odoo-init on an empty database of a real PostgreSQL (password from a
     * mounted file) and its refusal the second time; the server answering /web/health and
     * /web/login through a published port; the rendered config 0600; no password in the Odoo
     * process's command line or environment.
     */
    static void assertRunsInitialisesAndServes(Path tarball, Path work, String series) throws Exception {
        try (ContainerEngine engine = ContainerEngine.detect().assumeAvailable();
                Postgres pg = Postgres.start(Postgres.Auth.PASSWORD, "*")) {
            String id = engine.load(tarball);

            Procs.Result version = engine.runRm(List.of(id, "--version"), Duration.ofMinutes(2));
            assertEquals(0, version.exitCode(), version.output());
            assertTrue(version.output().contains("Odoo Server " + series), version.output());
            Procs.Result uid = engine.runRm(List.of("--entrypoint", "/usr/bin/id", id, "-u"), Duration.ofMinutes(1));
            assertEquals("1000", uid.output().strip());

            Path secrets = Files.createDirectories(work.resolve("secrets"));
            Path pw = secrets.resolve("db_password");
            Files.writeString(pw, pg.appPassword() + "\n");
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));
            List<String> runtime = List.of("-v", secrets + ":/run/secrets:ro,Z",
                    "-e", "ODOO_DB_HOST=host.containers.internal", "-e", "ODOO_DB_PORT=" + pg.port(),
                    "-e", "ODOO_DB_USER=" + pg.appUser(), "-e", "ODOO_DB_PASSWORD_FILE=/run/secrets/db_password",
                    "-e", "ODOO_DB_NAME=acme", "-e", "ODOO_DB_WAIT_TIMEOUT=60");

            List<String> init = new ArrayList<>(List.of("--entrypoint", "/usr/local/bin/odoo-init"));
            init.addAll(runtime);
            init.add(id);
            Procs.Result first = engine.runRm(init, Duration.ofMinutes(3));
            assertEquals(0, first.exitCode(), first.output());
            assertEquals("installed", pg.psql("acme", "SELECT state FROM ir_module_module WHERE name = 'base'"));
            assertFalse(first.output().contains(pg.appPassword()), "the password is never logged");

            Procs.Result again = engine.runRm(init, Duration.ofMinutes(3));
            assertEquals(4, again.exitCode(), again.output());
            assertTrue(again.output().contains("already holds Odoo tables"), again.output());

            int port = Ports.free();
            List<String> serve = new ArrayList<>(List.of("-p", "127.0.0.1:" + port + ":8069"));
            serve.addAll(runtime);
            serve.add(id);
            String container = engine.runDetached(serve);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            boolean up = Ports.await(Duration.ofSeconds(90), () -> status(http, port, "/web/health") == 200);
            assertTrue(up, "no /web/health 200 on the published port:\n" + engine.logs(container));
            assertEquals(200, status(http, port, "/web/login"));

            assertEquals("1000", engine.exec("exec", container, "id", "-u").strip());
            assertEquals("600 1000", engine.exec("exec", container, "stat", "-c", "%a %u",
                    "/run/odoo/odoo-runtime.conf").strip());
            String cmdline = engine.exec("exec", container, "cat", "/proc/1/cmdline").replace('\0', ' ');
            String environ = engine.exec("exec", container, "cat", "/proc/1/environ").replace('\0', '\n');
            assertTrue(cmdline.contains("-c /run/odoo/odoo-runtime.conf"), cmdline);
            assertFalse(cmdline.contains(pg.appPassword()) || environ.contains(pg.appPassword()));
            assertFalse(environ.contains("ODOO_DB_PASSWORD"), environ);
        }
    }

    /** The manifest digest the registry stores for {@code repository:tag}. */
    static String registryDigest(LocalRegistry registry, String repository, String tag) throws Exception {
        HttpRequest head = HttpRequest.newBuilder(URI.create(registry.url("/v2/" + repository + "/manifests/" + tag)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
                        + "application/vnd.oci.image.manifest.v1+json")
                .build();
        HttpResponse<Void> r = HttpClient.newHttpClient().send(head, HttpResponse.BodyHandlers.discarding());
        assertEquals(200, r.statusCode(), repository + ":" + tag + " is not in the registry");
        return r.headers().firstValue("Docker-Content-Digest").orElse("");
    }

    @Test
    void jibBuildPushesTheDigestOfTheTarball() throws Exception {
        String tarDigest = Files.readString(project.resolve("target/jib-image.digest")).trim();
        Path deployDir = work.resolve("deploy");
        copyTree(project, deployDir);
        String target = registry.reference("acme/odoo", "it-push");
        maven.run(deployDir, work.resolve("push.log"), "-s", settings.toString(), "odoo:prepare-image", "jib:build",
                "-Djib.allowInsecureRegistries=true", "-Djib.to.image=" + target).assertSuccess();
        String pushed = Files.readString(deployDir.resolve("target/jib-image.digest")).trim();
        assertEquals(tarDigest, pushed, "jib:build pushes what jib:buildTar built");
        assertEquals(tarDigest, registryDigest(registry, "acme/odoo", "it-push"),
                "the registry stores the digest of the tarball");
    }

    // ------------------------------------------------------------------ helpers

    /** What odoo:aggregate, odoo:addons-path and odoo:python-env leave in target/odoo. */
    static void preparePipelineFiles(Path project, GitFixtures fixtures) throws Exception {
        Path odoo = project.resolve("target/odoo");
        FixtureOdoo.clone(fixtures.fileUrl(GitFixtures.ODOO), SERIES, odoo.resolve("src/odoo"));
        FixtureOdoo.clone(fixtures.fileUrl(GitFixtures.OCA_TOOLS), SERIES, odoo.resolve("src/oca-tools"));
        // A credential in a clone's git config: .git must not reach the image.
        Files.writeString(odoo.resolve("src/odoo/.git/config"), "[http]\n\textraheader = Authorization: Bearer "
                + PLANTED_GIT + "\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(odoo.resolve("src.json"), """
                {"format": 1, "aggregates": [
                  {"path": "./odoo", "dir": "odoo"},
                  {"path": "./oca-tools", "dir": "oca-tools"}
                ]}
                """);
        Files.writeString(odoo.resolve("addons_path"),
                "/opt/odoo/src/odoo/odoo/addons,/opt/odoo/src/odoo/addons,/opt/odoo/src/oca-tools\n");
        Files.writeString(odoo.resolve("requirements.effective.in"), "psycopg2-binary\n");
        // The test base image's interpreter is Debian bookworm's /usr/bin/python3.11, like the host's.
        Path venv = odoo.resolve("venv");
        Procs.run("/usr/bin/python3", "-m", "venv", "--without-pip", venv.toString()).orThrow();
        Path wheels = Files.createDirectories(work.resolve("wheels"));
        Procs.run("/usr/bin/python3", "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                "--platform", "manylinux2014_x86_64", "--python-version", "3.11", "--implementation", "cp",
                "--abi", "cp311", "-d", wheels.toString(), "psycopg2-binary==2.9.10").orThrow();
        Path site = venv.resolve("lib/python3.11/site-packages");
        try (Stream<Path> s = Files.list(wheels)) {
            for (Path wheel : s.filter(p -> p.toString().endsWith(".whl")).toList()) {
                unzip(wheel, site);
            }
        }
    }

    static void buildImage(Path dir, String name) {
        maven.run(dir, work.resolve(name + ".log"), "-s", settings.toString(), "odoo:prepare-image",
                "jib:buildTar", "-Djib.allowInsecureRegistries=true").assertSuccess();
    }

    static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                Path out = into.resolve(e.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("bad wheel entry " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Copies a project (symlinks as links), leaving out Jib's outputs and cache. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path rel = from.relativize(p);
                String r = rel.toString();
                if (r.startsWith("target/jib") || r.startsWith("target/classes") || r.startsWith("target/odoo/image")) {
                    continue;
                }
                Path t = to.resolve(rel);
                if (Files.isSymbolicLink(p)) {
                    Files.createDirectories(t.getParent());
                    Files.createSymbolicLink(t, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.createDirectories(t.getParent());
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** What a checkout under umask 077 looks like: no group or other bits anywhere. */
    static void restrictPermissions(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(x -> !Files.isSymbolicLink(x)).toList()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                perms.removeIf(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"));
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    static List<String> names(Layer l) {
        return l.entries().stream().map(Entry::name).toList();
    }

    static void assertMode(Entry e, int mode, int uid, int gid) {
        assertTrue(e != null, "entry missing");
        assertEquals(Integer.toOctalString(mode), Integer.toOctalString(e.mode() & 07777), e.name());
        assertEquals(uid + ":" + gid, e.uid() + ":" + e.gid(), e.name());
    }

    static int status(HttpClient http, int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return HexFormat.of().formatHex(ImageTarball.sha256(in.readAllBytes()));
        }
    }

    static String text(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
