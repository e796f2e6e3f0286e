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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.ContainerEngine;
import dev.odooimage.its.kit.GitDaemon;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.LocalRegistry;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Ports;
import dev.odooimage.its.kit.Postgres;
import dev.odooimage.its.kit.Procs;
import dev.odooimage.its.kit.Skips;
import dev.odooimage.its.kit.TestBaseImage;

/**
 * The generated {@code deploy/} scaffolds run for real, with the fixture odoo: a project from
 * the archetype is locked and deployed ({@code mvn deploy} to a registry on 127.0.0.1, which
 * also writes {@code target/odoo/image.env} and the kustomize image Component), then
 * <ul>
 * <li>{@code deploy/kubernetes}: a test overlay (this environment: odoo.conf naming the kit's
 * PostgreSQL as {@code host.containers.internal}, a secretGenerator standing for the Secret an
 * operator creates, the init Component, a name prefix) is rendered ({@link KubeManifests}) and
 * played by {@code podman kube play} on podman's bridge network: the init Job's pod initialises
 * the database and records the digests, the Deployment answers {@code /web/health} at its pod
 * address, the update Job's pod finds nothing to update;</li>
 * <li>{@code deploy/compose/compose.yaml} with {@code podman-compose}, following the commands
 * at the top of the file, except that no public image can be pulled here: odoo.conf names the
 * kit's PostgreSQL on the host, an override file ({@code compose.it.yaml}) turns the db service
 * into a placeholder that only sleeps, and {@code ODOO_HTTP_PORT} is a free port.</li>
 * </ul>
 * Both check that the container's root is read-only, it runs as 1000 without capabilities,
 * and that no password appears in its environment ({@code podman inspect},
 * {@code /proc/1/environ}) or its logs.
 */
class DeployScaffoldIT {
    static Path work;
    static Path project;
    static String image;
    static GitDaemon git;
    static LocalRegistry registry;
    static Postgres pg;
    static ContainerEngine engine;
    static String adminPassword;
    static String dbPassword;
    static int composePort;

    @BeforeAll
    static void deployedProject() throws Exception {
        Skips.require(TestBaseImage.unavailableReason());
        engine = ContainerEngine.detect();
        engine.assumeAvailable();
        Skips.require("podman".equals(engine.name()) ? null : "podman kube play needs podman, found " + engine.name());
        work = ItWork.dir(DeployScaffoldIT.class, "deploy");
        GitFixtures fixtures = GitFixtures.create(work.resolve("git"));
        TestBaseImage base = TestBaseImage.get();
        MavenRunner mvn = MavenRunner.fromSystemProperties();
        git = GitDaemon.start(fixtures.root());
        registry = LocalRegistry.start();
        LocalRegistry.Pushed pushed = base.pushTo(registry);
        project = ArchetypeProject.generate(work, "acme-odoo", FreshProjectIT.baseProperties(base, pushed, registry));
        FreshProjectIT.pointOdooAt(project, git.url(GitFixtures.ODOO));
        InstalledPlugin.require(List.of("lock", "pin-base", "aggregate", "addons-path", "python-env", "image-ref"),
                List.of(FreshProjectIT.EXTENSION));
        mvn.run(project, work.resolve("locks.log"), "odoo:lock", "odoo:pin-base", "generate-resources",
                "-Dodoo.python.refresh").assertSuccess();
        // The smoke test of the image is ImagePipelineIT's business; here the scaffolds run it.
        mvn.run(project, work.resolve("deploy.log"), "deploy", "-Djib.allowInsecureRegistries=true",
                "-Dodoo.smoke.skip=true").assertSuccess();

        String digest = Files.readString(project.resolve("target/jib-image.digest")).strip();
        Map<String, String> env = envFile(project.resolve("target/odoo/image.env"));
        image = env.get("IMAGE");
        assertTrue(image.startsWith(registry.host() + "/clients/acme-odoo:") && image.endsWith("@" + digest),
                "image.env names the pushed image by digest: " + image);
        String component = Files.readString(project.resolve("target/odoo/kustomize/kustomization.yaml"));
        assertTrue(component.contains("digest: " + digest), component);
        // The registry speaks plain HTTP: pull by digest once, so that kube play and compose find it.
        engine.exec("pull", "--tls-verify=false", image);

        // Containers reach it on the podman bridge as host.containers.internal (password auth).
        pg = Postgres.start(Postgres.Auth.PASSWORD, "*");
        // Hex strings: each is its own canonical base64 text (see secretsForPodman).
        dbPassword = HexFormat.of().formatHex(random(18));
        adminPassword = HexFormat.of().formatHex(random(12));
        pg.psql("postgres", "ALTER ROLE " + Postgres.APP_USER + " PASSWORD '" + dbPassword + "'");
    }

    @AfterAll
    static void stop() {
        if (image != null && engine != null) {
            engine.exec(List.of("rmi", image), Duration.ofMinutes(2)); // pulled by this test
        }
        for (AutoCloseable c : new AutoCloseable[] {pg, registry, git, engine}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("cleanup: " + e);
            }
        }
    }

    @Test
    void kubernetesScaffoldRunsInPodmanKubePlay() throws Exception {
        String prefix = "it" + HexFormat.of().formatHex(random(3)) + "-";
        pg.createDatabase("kube_db", Postgres.APP_USER);
        Path overlay = project.resolve("deploy/kubernetes/overlays/it");
        Files.createDirectories(overlay.resolve("secrets"));
        Files.writeString(overlay.resolve("odoo.conf"), odooConf("kube_db"));
        Files.writeString(overlay.resolve("secrets/db_password"), dbPassword);
        Files.writeString(overlay.resolve("secrets/admin_passwd"), adminPassword);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namePrefix: %s
                resources:
                  - ../../base
                components:
                  - ../../init
                  - ../../../../target/odoo/kustomize
                configMapGenerator:
                  - name: odoo-config
                    files:
                      - odoo.conf
                # Stands for the Secret an operator creates with kubectl create secret.
                secretGenerator:
                  - name: odoo-secrets
                    files:
                      - db_password=secrets/db_password
                      - admin_passwd=secrets/admin_passwd
                """.formatted(prefix));
        System.err.println("[DeployScaffoldIT] rendering with "
                + (KubeManifests.renderer() != null ? String.join(" ", KubeManifests.renderer())
                        : "the test's MinimalKustomize (no kustomize or kubectl on the PATH)"));
        List<Map<String, Object>> docs = KubeManifests.render(overlay, work.resolve("kustomize.log"));
        Map<String, Object> deployment = KubeManifests.only(docs, "Deployment", prefix + "odoo");
        assertSecureContainer(KubeManifests.podSpec(deployment));
        for (Map<String, Object> d : docs) {
            if (d.get("spec") instanceof Map<?, ?> && !"Service".equals(KubeManifests.kind(d))
                    && !"PersistentVolumeClaim".equals(KubeManifests.kind(d))) {
                assertTrue(d.toString().contains("image=" + image), "every pod runs the built digest: " + d);
            }
        }
        List<Map<String, Object>> shared = new ArrayList<>();
        shared.add(KubeManifests.only(docs, "ConfigMap", prefix + "odoo-config"));
        shared.add(secretForPodman(KubeManifests.only(docs, "Secret", prefix + "odoo-secrets"), prefix));
        Path initPlay = KubeManifests.write(work.resolve("kube/init.yaml"), concat(shared,
                KubeManifests.only(docs, "PersistentVolumeClaim", prefix + "odoo-filestore"),
                KubeManifests.jobAsPod(KubeManifests.only(docs, "Job", prefix + "odoo-init"))));
        Path serverPlay = KubeManifests.write(work.resolve("kube/server.yaml"), concat(shared, deployment));
        Path updatePlay = KubeManifests.write(work.resolve("kube/update.yaml"), concat(shared,
                KubeManifests.jobAsPod(KubeManifests.only(docs, "Job", prefix + "odoo-update"))));
        try {
            // The init Job: odoo-init (init container), then odoo-update --changed records the digests.
            play(initPlay, "init");
            String record = container(prefix + "odoo-init", "record-digests");
            assertEquals("0", wait(record), logs(record));
            assertTrue(logs(record).contains("no addon digests recorded in database kube_db yet: recording"),
                    logs(record));
            assertEquals("installed", pg.psql("kube_db", "SELECT state FROM ir_module_module WHERE name = 'base'"));
            assertEquals("web", pg.psql("kube_db", "SELECT name FROM odoo_image_addon_digest WHERE name = 'web'"));

            play(serverPlay, "server");
            String odoo = container(prefix + "odoo", "odoo");
            awaitHealth(podAddress(odoo) + ":8069", odoo);
            assertLockedDown(odoo);

            play(updatePlay, "update");
            String update = container(prefix + "odoo-update", "odoo-update");
            assertEquals("0", wait(update), logs(update));
            assertTrue(logs(update).contains("nothing to update"), logs(update));
            for (String c : List.of(record, odoo, update)) {
                assertNoSecretIn(logs(c), "the log of " + c);
            }
        } finally {
            for (Path p : List.of(updatePlay, serverPlay, initPlay)) {
                engine.exec(List.of("kube", "down", p.toString()), Duration.ofMinutes(2));
            }
            removeNamed(prefix);
        }
    }

    @Test
    void composeFileRunsWithPodmanCompose() throws Exception {
        Skips.require(Procs.which("podman-compose") != null ? null
                : "podman-compose is not installed (Debian package podman-compose; scripts/setup-host.sh)");
        String name = "it" + HexFormat.of().formatHex(random(3));
        int httpPort = Ports.free();
        composePort = httpPort;
        pg.createDatabase("compose_db", Postgres.APP_USER);
        Path dir = project.resolve("deploy/compose");
        // The commands at the top of compose.yaml, with this environment's PostgreSQL.
        Files.copy(project.resolve("target/odoo/image.env"), dir.resolve(".env"));
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
        for (Map.Entry<String, String> s : Map.of("db_password", dbPassword, "admin_passwd", adminPassword)
                .entrySet()) {
            Files.writeString(secrets.resolve(s.getKey()), s.getValue());
            Files.setPosixFilePermissions(secrets.resolve(s.getKey()), PosixFilePermissions.fromString("r--r--r--"));
        }
        // No public image can be pulled here: the kit's PostgreSQL on the host stands for the db
        // service, named in odoo.conf; an override file makes db a placeholder that pulls nothing
        // and the commands are the ones at the top of compose.yaml.
        Files.writeString(dir.resolve("odoo.conf"), odooConf("compose_db"));
        Files.writeString(dir.resolve("compose.it.yaml"), """
                # Test override: PostgreSQL runs on the host (odoo.conf names it); db only sleeps.
                services:
                  db:
                    image: ${IMAGE}
                    entrypoint:
                      - /bin/sleep
                      - infinity
                """);
        List<String> compose = List.of("podman-compose", "-p", name, "-f", "compose.yaml", "-f", "compose.it.yaml");
        try {
            Procs.Result db = compose(compose, dir, "db", "up", "-d", "db");
            assertEquals(0, db.exitCode(), db.output());
            Procs.Result init = compose(compose, dir, "init", "run", "--rm", "odoo-init");
            assertEquals(0, init.exitCode(), init.output());
            assertEquals("installed", pg.psql("compose_db", "SELECT state FROM ir_module_module WHERE name = 'base'"));
            Procs.Result update = compose(compose, dir, "update", "run", "--rm", "odoo-update");
            assertEquals(0, update.exitCode(), update.output());
            assertTrue(update.output().contains("no addon digests recorded in database compose_db yet: recording"),
                    update.output());
            update = compose(compose, dir, "update-again", "run", "--rm", "odoo-update");
            assertTrue(update.output().contains("nothing to update"), update.output());

            Procs.Result up = compose(compose, dir, "up", "up", "-d", "odoo");
            assertEquals(0, up.exitCode(), up.output());
            String odoo = name + "_odoo_1";
            awaitHealth("127.0.0.1:" + httpPort, odoo);
            assertLockedDown(odoo);
            for (String out : List.of(init.output(), update.output(), up.output(), logs(odoo))) {
                assertNoSecretIn(out, "compose output and logs");
            }
        } finally {
            compose(compose, dir, "down", "down");
            removeNamed(name + "_");
            engine.exec(List.of("network", "rm", name + "_default"), Duration.ofMinutes(1));
        }
    }

    /**
     * The Secret as this podman plays it: podman 4.3 writes a Secret's {@code data} into the
     * volume as the base64 text instead of decoding it (a podman bug, fixed later). A probe
     * pod finds out; with the bug the Secret gets its decoded values as {@code data}, which
     * podman then writes as they are (the passwords are hex: their own canonical base64).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> secretForPodman(Map<String, Object> secret, String prefix) throws Exception {
        String value = "cHJvYmUA"; // any canonical base64 text
        Map<String, Object> probeSecret = new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Secret",
                "metadata", Map.of("name", prefix + "probe"), "data",
                Map.of("v", java.util.Base64.getEncoder().encodeToString(value.getBytes()))));
        Map<String, Object> pod = new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Pod",
                "metadata", Map.of("name", prefix + "probe"), "spec", Map.of("restartPolicy", "Never",
                        "containers", List.of(Map.of("name", "cat", "image", image,
                                "command", List.of("cat", "/probe/v"),
                                "volumeMounts", List.of(Map.of("name", "s", "mountPath", "/probe")))),
                        "volumes", List.of(Map.of("name", "s", "secret",
                                Map.of("secretName", prefix + "probe", "optional", false))))));
        Path file = KubeManifests.write(work.resolve("kube/secret-probe.yaml"), List.of(probeSecret, pod));
        String seen;
        try {
            play(file, "secret probe");
            String c = container(prefix + "probe", "cat");
            wait(c);
            seen = logs(c).strip();
        } finally {
            engine.exec(List.of("kube", "down", file.toString()), Duration.ofMinutes(2));
            removeNamed(prefix + "probe");
        }
        if (seen.equals(value)) {
            return secret;
        }
        System.err.println("[DeployScaffoldIT] this podman writes Secret data undecoded (" + seen
                + "): handing it the decoded values");
        Map<String, Object> copy = new LinkedHashMap<>(secret);
        Map<String, Object> data = new LinkedHashMap<>();
        ((Map<String, Object>) secret.get("data")).forEach((k, v) -> data.put(k,
                new String(java.util.Base64.getDecoder().decode((String) v), java.nio.charset.StandardCharsets.UTF_8)));
        copy.put("data", data);
        return copy;
    }

    // ------------------------------------------------------------------ checks

    /** What the manifests ask for (the runtime checks below show podman honours it). */
    @SuppressWarnings("unchecked")
    static void assertSecureContainer(Map<String, Object> podSpec) {
        Map<String, Object> pod = (Map<String, Object>) podSpec.get("securityContext");
        assertEquals(true, pod.get("runAsNonRoot"));
        assertEquals(1000, pod.get("runAsUser"));
        Map<String, Object> c = ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
        Map<String, Object> sc = (Map<String, Object>) c.get("securityContext");
        assertEquals(true, sc.get("readOnlyRootFilesystem"));
        assertEquals(List.of("ALL"), ((Map<String, Object>) sc.get("capabilities")).get("drop"));
        assertTrue(c.toString().contains("path=/web/health"), c.toString());
        for (Object e : (List<Object>) c.get("env")) {
            assertFalse(e.toString().contains("value=" + adminPassword), "no secret in the manifest's env");
        }
    }

    static void assertLockedDown(String container) {
        assertEquals("true", engine.exec("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", container));
        Procs.Result write = engine.exec(List.of("exec", container, "sh", "-c", "touch /opt/odoo/written"),
                Duration.ofMinutes(1));
        assertTrue(!write.ok() && write.output().contains("Read-only file system"), write.output());
        assertEquals("1000", engine.exec("exec", container, "id", "-u"));
        assertEquals("[]", engine.exec("inspect", "--format", "{{json .EffectiveCaps}}", container)
                .replace("null", "[]"));
        assertNoSecretIn(engine.exec("inspect", "--format", "{{json .Config.Env}}", container), "podman inspect");
        assertNoSecretIn(engine.exec("exec", container, "cat", "/proc/1/environ"), "/proc/1/environ");
        assertTrue(engine.exec("exec", container, "cat", "/proc/1/cmdline").contains("odoo-runtime.conf"),
                "PID 1 is Odoo with the rendered config");
    }

    static void assertNoSecretIn(String text, String where) {
        assertFalse(text.contains(dbPassword), "the database password appears in " + where);
        assertFalse(text.contains(adminPassword), "the admin password appears in " + where);
    }

    /** The address of a kube play pod's container on the podman bridge (its pod's infra container). */
    static String podAddress(String container) {
        String pod = engine.exec("inspect", "--format", "{{.Pod}}", container);
        String infra = engine.exec("pod", "inspect", "--format", "{{.InfraContainerID}}", pod);
        return engine.exec("inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", infra);
    }

    static void awaitHealth(String hostPort, String container) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        boolean up = Ports.await(Duration.ofMinutes(3), () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://" + hostPort + "/web/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(up, "/web/health did not answer 200 at " + hostPort + ":\n" + logs(container));
    }

    // ------------------------------------------------------------------ helpers

    static String odooConf(String db) {
        return "[options]\ndb_host = host.containers.internal\ndb_port = " + pg.port() + "\ndb_user = "
                + Postgres.APP_USER + "\ndb_name = " + db + "\nlist_db = False\n";
    }

    static void play(Path file, String what) {
        Procs.Result r = engine.exec(List.of("kube", "play", file.toString()), Duration.ofMinutes(10));
        assertTrue(r.ok(), "podman kube play (" + what + ") failed:\n" + r.output());
    }

    /** The container of {@code pod}'s {@code container}, as podman kube play names it. */
    static String container(String pod, String container) {
        String names = engine.exec("ps", "-a", "--format", "{{.Names}}");
        List<String> found = names.lines().filter(n -> n.startsWith(pod + "-") && n.endsWith("-" + container))
                .toList();
        assertEquals(1, found.size(), "one container " + pod + "*-" + container + " in:\n" + names);
        return found.get(0);
    }

    /**
     * Removes the volumes and secrets whose name starts with {@code prefix} (this test's own:
     * kube play makes a volume per ConfigMap, Secret and claim and keeps them after kube down).
     */
    static void removeNamed(String prefix) {
        for (String kind : List.of("volume", "secret")) {
            Procs.Result ls = engine.exec(List.of(kind, "ls", "--format", "{{.Name}}"), Duration.ofMinutes(1));
            for (String n : ls.output().lines().map(String::strip).filter(n -> n.startsWith(prefix)).toList()) {
                engine.exec(List.of(kind, "rm", n), Duration.ofMinutes(1));
            }
        }
    }

    static String wait(String container) {
        return engine.exec(List.of("wait", container), Duration.ofMinutes(5)).orThrow().output().strip();
    }

    static String logs(String container) {
        return engine.logs(container);
    }

    static Procs.Result compose(List<String> compose, Path dir, String log, String... args) {
        List<String> cmd = new ArrayList<>(compose);
        cmd.addAll(List.of(args));
        Procs.Result r = Procs.run(cmd, dir, Map.of("ODOO_HTTP_PORT", String.valueOf(composePort)), null,
                Duration.ofMinutes(10), work.resolve("compose-" + log + ".log"));
        // podman-compose 1.0 exits 0 whatever the containers did; it prints "exit code: N" after each
        // podman command (starting dependencies that already run fails harmlessly): the last one is
        // the service's own.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^exit code: (\\d+)$").matcher(r.output());
        int code = r.exitCode();
        while (m.find() && r.exitCode() == 0) {
            code = Integer.parseInt(m.group(1));
        }
        return new Procs.Result(r.command(), code, r.output());
    }

    @SafeVarargs
    static List<Map<String, Object>> concat(List<Map<String, Object>> first, Map<String, Object>... more) {
        List<Map<String, Object>> all = new ArrayList<>(first);
        for (Map<String, Object> m : more) {
            all.add(m);
        }
        return all;
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    static Map<String, String> envFile(Path file) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("#") && line.contains("=")) {
                m.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return m;
    }
}
