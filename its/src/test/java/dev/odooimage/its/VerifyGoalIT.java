package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.ContainerEngine;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Skips;
import dev.odooimage.its.kit.TestBaseImage;

/**
 * odoo:verify and odoo:smoke driven through real Maven on a generated project, against a
 * tarball made of the kit's Debian test base plus hand-made layers that follow the
 * runtime contract (python stand-ins for odoo-run/init/update). This proves the goals'
 * wiring (parameters, settings.xml credentials, reports, failure messages) with the real
 * dpkg database of a debootstrapped image, a real podman and a real PostgreSQL, without
 * the image step. VerifyIT does the same on the image the pipeline itself builds.
 */
class VerifyGoalIT {
    static final String PLANTED = "Planted-Secret-7f3a9c";
    static final String ADDONS_PATH = "/opt/odoo/src/odoo/odoo/addons,/opt/odoo/src/odoo/addons";
    static TestBaseImage base;
    static Path project;
    static MavenRunner maven;
    static Path settings;

    @BeforeAll
    static void generate() throws Exception {
        Skips.require(TestBaseImage.unavailableReason());
        base = TestBaseImage.get();
        Path work = ItWork.dir(VerifyGoalIT.class, "project");
        project = ArchetypeProject.generate(work, "verify-goal", Map.of("odooVersion", "17.0",
                "imageName", "acme/odoo", "registry", "127.0.0.1:5000/acme"));
        Files.writeString(project.resolve("repos.lock.yaml"), """
                ./odoo:
                  remotes:
                    odoo: file:///srv/git/odoo.git
                  merges:
                  - odoo 1111111111111111111111111111111111111111 # locked-from: odoo 17.0
                  target: odoo 17.0
                """);
        Files.writeString(project.resolve("system-build-packages.txt"), "# build only\ngcc\nlibpq-dev\n");
        Files.writeString(project.resolve("system-runtime-packages.txt"), "python3\n");
        Files.createDirectories(project.resolve("target/odoo"));
        Files.writeString(project.resolve("target/odoo/addons_path"), ADDONS_PATH + "\n");
        settings = Files.writeString(work.resolve("settings.xml"), """
                <settings><servers><server>
                  <id>private-git</id><username>ci</username><password>%s</password>
                </server></servers></settings>
                """.formatted(PLANTED));
        maven = MavenRunner.fromSystemProperties().offline(true);
    }

    /** The image the contract wants; {@code change} breaks one thing. */
    static void image(Consumer<ImageTar> change) throws Exception {
        ImageTar img = new ImageTar();
        // As the image step writes them: bare sha256 hex of the lock files' bytes.
        img.labels.put("dev.odooimage.repos-lock.sha256", ImageTar.sha256(project.resolve("repos.lock.yaml")));
        img.labels.put("dev.odooimage.python-lock.sha256",
                ImageTar.sha256(project.resolve("requirements.lock.txt")));
        String common = """
                #!/usr/bin/python3
                import os, sys
                for var in ('ODOO_DB_HOST', 'ODOO_DB_PORT', 'ODOO_DB_USER', 'ODOO_DB_NAME'):
                    assert os.environ.get(var), var
                for var in ('ODOO_DB_PASSWORD_FILE', 'ODOO_ADMIN_PASSWD_FILE'):
                    assert open(os.environ[var]).read().strip(), var
                conf = open(os.environ['ODOO_BASE_CONFIG_FILE']).read()
                marker = '/var/lib/odoo/initialised-' + os.environ['ODOO_DB_NAME']
                """;
        img.layer("runtime")
                .file("/usr/local/bin/odoo-init", 0755, common + """
                        if os.path.exists(marker):
                            print('database is not empty, refusing'); sys.exit(3)
                        open(marker, 'w').write('init')
                        """)
                .file("/usr/local/bin/odoo-update", 0755, common + "sys.exit(0 if os.path.exists(marker) else 4)\n")
                .file("/usr/local/bin/odoo-run", 0755, common + """
                        import http.server, re
                        port = int(re.search(r'http_port\\s*=\\s*(\\d+)', conf).group(1))
                        class H(http.server.BaseHTTPRequestHandler):
                            def do_GET(self):
                                self.send_response(200 if self.path in ('/web/health', '/web/login') else 404)
                                self.end_headers()
                        http.server.HTTPServer(('127.0.0.1', port), H).serve_forever()
                        """)
                .dir("/run/odoo", 0700, 1000)
                .file("/etc/odoo/addons_path", 0644, ADDONS_PATH + "\n");
        img.layer("odoo")
                .file("/opt/odoo/src/odoo/odoo-bin", 0755, "#!/usr/bin/python3\nprint('Odoo Server 17.0')\n")
                .file("/opt/odoo/src/odoo/odoo/__init__.py", 0644, "")
                .file("/opt/odoo/src/odoo/odoo/addons/base/__init__.py", 0644, "")
                .file("/opt/odoo/src/odoo/odoo/addons/base/__manifest__.py", 0644, "{'name': 'Base'}\n")
                .file("/opt/odoo/src/odoo/addons/web/__init__.py", 0644, "")
                .file("/opt/odoo/src/odoo/addons/web/__manifest__.py", 0644, "{'name': 'Web'}\n");
        img.layer("venv").symlink("/opt/odoo/venv/bin/python", "/usr/bin/python3");
        change.accept(img);
        Files.createDirectories(project.resolve("target"));
        img.write(base.tarball(), project.resolve("target/jib-image.tar"));
    }

    static MavenRunner.Result mvn(String name, String... args) {
        return maven.run(project, project.getParent().resolve(name + ".log"), args);
    }

    static JsonNode report(String name) throws Exception {
        return new ObjectMapper().readTree(project.resolve("target/odoo/" + name + ".json").toFile());
    }

    @Test
    void goodImagePassesVerifyAndSmoke() throws Exception {
        image(img -> { });
        mvn("verify-good", "odoo:verify", "-s", settings.toString()).assertSuccess()
                .assertOutputContains("[PASS] no-secrets").assertOutputContains("[PASS] runtime-packages-present");
        JsonNode json = report("verify-report");
        assertTrue(json.get("passed").asBoolean());
        assertEquals(14, json.at("/summary/total").asInt());
        String xml = Files.readString(project.resolve("target/odoo/verify-report.xml"));
        assertEquals(14, xml.split("<testcase ").length - 1);

        ContainerEngine engine = ContainerEngine.detect();
        Skips.require(engine.unavailableReason());
        MavenRunner.Result smoke = mvn("smoke-good", "odoo:smoke", "-Dodoo.smoke.imports=odoo,json,lxml?",
                "-Dodoo.smoke.dbImage=none", "-Dodoo.smoke.httpTimeout=60");
        smoke.assertSuccess().assertOutputContains("[PASS] server-health").assertOutputContains("[PASS] odoo-update");
        JsonNode s = report("smoke-report");
        assertTrue(s.get("passed").asBoolean(), s.toString());
        String ref = s.at("/image/id").asText();
        engine.rmi(ref);
    }

    @Test
    void smokeWithoutEngineFailsUnlessSkipped() throws Exception {
        image(img -> { });
        mvn("smoke-no-engine", "odoo:smoke", "-Dodoo.container.engine=no-such-engine").assertFailure()
                .assertOutputContains("odoo:smoke needs a container engine and none works")
                .assertOutputContains("-Dodoo.smoke.skip=true");
        mvn("smoke-skip", "odoo:smoke", "-Dodoo.container.engine=no-such-engine", "-Dodoo.smoke.skip")
                .assertSuccess().assertOutputContains("odoo:smoke skipped");
    }

    @Test
    void gitLeftInFails() throws Exception {
        image(img -> img.layers.get(1).file("/opt/odoo/src/odoo/.git/HEAD", 0644, "ref: refs/heads/17.0\n"));
        mvn("verify-git", "odoo:verify").assertFailure()
                .assertOutputContains("no-git: 1 .git entry under /opt/odoo/src, first /opt/odoo/src/odoo/.git");
        assertFalse(report("verify-report").get("passed").asBoolean());
    }

    @Test
    void buildPackageLeakedFails() throws Exception {
        image(img -> { });
        Path build = project.resolve("system-build-packages.txt");
        String before = Files.readString(build);
        try {
            // ca-certificates is really installed in the debootstrapped base: dpkg says so.
            Files.writeString(build, before + "ca-certificates\n");
            mvn("verify-leak", "odoo:verify").assertFailure().assertOutputContains(
                    "build-only package ca-certificates (dpkg status: install ok installed) leaked into the image");
        } finally {
            Files.writeString(build, before);
        }
    }

    @Test
    void rootUserFails() throws Exception {
        image(img -> img.user = "0:0");
        mvn("verify-root", "odoo:verify").assertFailure()
                .assertOutputContains("non-root-user: User '0:0' is root (uid 0)");
    }

    @Test
    void plantedSecretFailsWithoutPrintingIt() throws Exception {
        image(img -> img.layers.get(0).file("/etc/odoo/leak.conf", 0644, "token = " + PLANTED + "\n"));
        MavenRunner.Result r = mvn("verify-secret", "odoo:verify", "-s", settings.toString()).assertFailure()
                .assertOutputContains("settings.xml server 'private-git' password found in layer")
                .assertOutputContains("/etc/odoo/leak.conf");
        assertFalse(r.output().contains(PLANTED), "the secret itself is never printed");
        assertFalse(Files.readString(project.resolve("target/odoo/verify-report.json")).contains(PLANTED));
    }
}
