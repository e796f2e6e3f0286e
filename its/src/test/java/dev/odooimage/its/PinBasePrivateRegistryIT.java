package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.MavenRunner;

/**
 * odoo:pin-base against a private registry (docker-registry with htpasswd: a basic auth
 * challenge) with the credentials in settings.xml, plain and encrypted with Maven's master
 * password, as a user sets them up.
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
