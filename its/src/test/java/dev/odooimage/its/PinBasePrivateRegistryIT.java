package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.MavenRunner;

/**
 * odoo:pin-base against a private registry (docker-registry with htpasswd: a basic auth
 * challenge) with the credentials in settings.xml, plain and encrypted with Maven's master
 * password, as a user sets them up; then from a Docker config and from a credential helper, as
 * Jib takes them.
 */
class PinBasePrivateRegistryIT {
    private static final String PASSWORD = "s3cret-Pin-Base";

    @Test
    void credentialsComeFromSettingsXmlAndNeverShow() throws Exception {
        Path work = ItsMaven.workDir(getClass(), "private");
        try (ItsRegistry registry = ItsRegistry.start(work, "robot", PASSWORD)) {
            String tagged = registry.host() + "/private/python:3.11-bookworm";
            String digest = registry.push("private/python", "3.11-bookworm", "private base");
            ItsMaven.generate(work, Map.of("groupId", "com.example", "artifactId", "private-odoo", "baseImage", tagged,
                    "pythonVersion", "3.11", "pythonInterpreter", "/usr/bin/python3.11", "debianRelease", "bookworm"))
                    .assertSuccess();
            Path project = work.resolve("private-odoo");
            Path pom = project.resolve("pom.xml");
            byte[] generated = Files.readAllBytes(pom);

            MavenRunner.Result anonymous = ItsMaven.run(project, "odoo:pin-base").assertFailure();
            assertTrue(anonymous.output().contains("<id>" + registry.host() + "</id>"), ItsMaven.tail(anonymous));
            assertArrayEquals(generated, Files.readAllBytes(pom));

            Path wrong = settings(work.resolve("wrong-settings.xml"), registry.host(), "not-the-password");
            MavenRunner.Result refused = ItsMaven.run(project, "-s", wrong.toString(), "odoo:pin-base").assertFailure();
            assertTrue(refused.output().contains("requires credentials"), ItsMaven.tail(refused));
            assertFalse(refused.output().contains("not-the-password"), "password leaked:\n" + ItsMaven.tail(refused));

            // Encrypted password, the way Maven's documentation sets it up.
            Path security = work.resolve("settings-security.xml");
            String master = encrypt(project, "--encrypt-master-password", "master-of-tests", null);
            Files.writeString(security, "<settingsSecurity><master>" + master + "</master></settingsSecurity>\n");
            String encrypted = encrypt(project, "--encrypt-password", PASSWORD, security);
            Path good = settings(work.resolve("settings.xml"), registry.host(), encrypted);

            MavenRunner.Result pinned = ItsMaven.run(project, "-s", good.toString(),
                    "-Dsettings.security=" + security, "odoo:pin-base").assertSuccess();
            assertTrue(Files.readString(pom).contains("<odoo.base.image>" + tagged + "@" + digest + "</odoo.base.image>"));
            assertFalse(pinned.output().contains(PASSWORD), "password leaked:\n" + ItsMaven.tail(pinned));
        }
    }

    /**
     * The same registry, with the credentials where {@code docker login} and credential helpers
     * put them: {@code auths} of a Docker config ({@code DOCKER_CONFIG}, as Jib reads it), then a
     * {@code credHelpers} entry whose helper is a script on the PATH; a helper that fails is named.
     */
    @Test
    void credentialsComeFromTheDockerConfigAndACredentialHelper() throws Exception {
        Path work = ItsMaven.workDir(getClass(), "docker-config");
        try (ItsRegistry registry = ItsRegistry.start(work, "robot", PASSWORD)) {
            String tagged = registry.host() + "/private/python:3.11-bookworm";
            String digest = registry.push("private/python", "3.11-bookworm", "private base");
            ItsMaven.generate(work, Map.of("groupId", "com.example", "artifactId", "docker-odoo", "baseImage", tagged,
                    "pythonVersion", "3.11", "pythonInterpreter", "/usr/bin/python3.11", "debianRelease", "bookworm"))
                    .assertSuccess();
            Path project = work.resolve("docker-odoo");
            Path pom = project.resolve("pom.xml");
            byte[] generated = Files.readAllBytes(pom);
            String pinnedLine = "<odoo.base.image>" + tagged + "@" + digest + "</odoo.base.image>";

            // docker login's result: auths with base64 user:password.
            Path auths = Files.createDirectories(work.resolve("docker-auths"));
            Files.writeString(auths.resolve("config.json"), "{\"auths\": {\"" + registry.host() + "\": {\"auth\": \""
                    + Base64.getEncoder().encodeToString(("robot:" + PASSWORD).getBytes(StandardCharsets.UTF_8))
                    + "\"}}}\n");
            MavenRunner.Result fromAuths = ItsMaven.run(project, Map.of("DOCKER_CONFIG", auths.toString()),
                    "odoo:pin-base").assertSuccess();
            assertTrue(Files.readString(pom).contains(pinnedLine), ItsMaven.tail(fromAuths));
            assertTrue(fromAuths.output().contains("credentials from auths \"" + registry.host() + "\" of "
                    + auths.resolve("config.json")), ItsMaven.tail(fromAuths));
            assertFalse(fromAuths.output().contains(PASSWORD), "password leaked:\n" + ItsMaven.tail(fromAuths));

            // A credential helper on the PATH, named by credHelpers for the registry host.
            Files.write(pom, generated);
            Path bin = Files.createDirectories(work.resolve("bin"));
            Path calls = work.resolve("helper-calls.txt");
            helper(bin.resolve("docker-credential-its"), "read -r server || true\necho \"$1 $server\" >> " + calls
                    + "\nif [ \"$server\" = \"" + registry.host() + "\" ]; then\n  printf '{\"ServerURL\":\"%s\","
                    + "\"Username\":\"robot\",\"Secret\":\"" + PASSWORD + "\"}' \"$server\"\nelse\n"
                    + "  echo 'credentials not found in native keychain'; exit 1\nfi");
            helper(bin.resolve("docker-credential-broken"), "echo " + PASSWORD + " >&2\nexit 4");
            Path helpers = Files.createDirectories(work.resolve("docker-helpers"));
            Files.writeString(helpers.resolve("config.json"), "{\"credHelpers\": {\"" + registry.host()
                    + "\": \"its\"}}\n");
            String path = bin + ":" + System.getenv("PATH");
            MavenRunner.Result fromHelper = ItsMaven.run(project, Map.of("DOCKER_CONFIG", helpers.toString(),
                    "PATH", path), "odoo:pin-base").assertSuccess();
            assertTrue(Files.readString(pom).contains(pinnedLine), ItsMaven.tail(fromHelper));
            assertTrue(fromHelper.output().contains("credentials from docker-credential-its"), ItsMaven.tail(fromHelper));
            assertFalse(fromHelper.output().contains(PASSWORD), "password leaked:\n" + ItsMaven.tail(fromHelper));
            assertTrue(Files.readAllLines(calls).contains("get " + registry.host()), Files.readString(calls));

            // A helper that fails: the error names it and the registry, never what it printed.
            Files.write(pom, generated);
            Path broken = Files.createDirectories(work.resolve("docker-broken"));
            Files.writeString(broken.resolve("config.json"), "{\"credHelpers\": {\"" + registry.host()
                    + "\": \"broken\"}}\n");
            MavenRunner.Result failed = ItsMaven.run(project, Map.of("DOCKER_CONFIG", broken.toString(), "PATH", path),
                    "odoo:pin-base").assertFailure();
            assertTrue(failed.output().contains("credential helper docker-credential-broken (credHelpers \""
                    + registry.host() + "\" of " + broken.resolve("config.json") + ") failed for registry "
                    + registry.host() + ": exit status 4"), ItsMaven.tail(failed));
            assertFalse(failed.output().contains(PASSWORD), "password leaked:\n" + ItsMaven.tail(failed));
            assertArrayEquals(generated, Files.readAllBytes(pom));

            // pin-base rewrites the property Jib's <from><image> consists of, as Jib builds on it.
            String text = new String(generated, StandardCharsets.UTF_8);
            assertTrue(text.contains("<image>${odoo.base.image}</image>"), text);
            Files.writeString(pom, text.replace("<image>${odoo.base.image}</image>", "<image>${acme.base}</image>")
                    .replace("<properties>", "<properties>\n    <acme.base>" + tagged + "</acme.base>"));
            MavenRunner.Result other = ItsMaven.run(project, Map.of("DOCKER_CONFIG", auths.toString()),
                    "odoo:pin-base").assertSuccess();
            String otherPom = Files.readString(pom);
            assertTrue(otherPom.contains("<acme.base>" + tagged + "@" + digest + "</acme.base>"), ItsMaven.tail(other));
            assertTrue(otherPom.contains("<odoo.base.image>" + tagged + "</odoo.base.image>"), otherPom);

            // A literal <from><image> has no property to pin: refused with the fix.
            Files.writeString(pom, text.replace("<image>${odoo.base.image}</image>", "<image>" + tagged + "</image>"));
            MavenRunner.Result literal = ItsMaven.run(project, Map.of("DOCKER_CONFIG", auths.toString()),
                    "odoo:pin-base").assertFailure();
            assertTrue(literal.output().contains("Jib's <from><image> in pom.xml is written as " + tagged
                    + ", not as a property"), ItsMaven.tail(literal));
            assertTrue(literal.output().contains("<image>${odoo.base.image}</image>"), ItsMaven.tail(literal));
        }
    }

    private static void helper(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path settings(Path file, String serverId, String password) throws Exception {
        Files.writeString(file, "<settings><servers><server><id>" + serverId + "</id><username>robot</username>"
                + "<password>" + password + "</password></server></servers></settings>\n");
        return file;
    }

    private static String encrypt(Path dir, String option, String secret, Path security) {
        MavenRunner.Result r = security == null ? ItsMaven.run(dir, option, secret)
                : ItsMaven.run(dir, "-Dsettings.security=" + security, option, secret);
        r.assertSuccess();
        Matcher m = Pattern.compile("\\{[A-Za-z0-9+/=]+\\}").matcher(r.output());
        assertTrue(m.find(), ItsMaven.tail(r));
        return m.group();
    }
}
