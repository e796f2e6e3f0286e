package dev.odooimage.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.odooimage.base.ImageReference;
import dev.odooimage.base.RegistryClient;
import dev.odooimage.util.OdooImageException;

/**
 * The registry credential chain on real files and real helper processes (shell scripts named
 * docker-credential-*, found on the PATH the chain is given): Jib's order, Docker config
 * matching, helpers that answer, have nothing, fail, and configuration that is broken.
 */
class RegistryCredentialChainTest {
    private static final String REGISTRY = "registry.example.test:5000";
    private static final String HELPER_SECRET = "helper-secret-7f3a9";

    @TempDir
    Path tmp;

    private final List<String> infos = new ArrayList<>();
    private final List<String> warns = new ArrayList<>();

    private RegistryCredentialChain chain(Path... configs) {
        return new RegistryCredentialChain().setDockerConfigs(List.of(configs))
                .setSearchPath(tmp.resolve("bin").toString()).setLog(infos::add, warns::add);
    }

    private Path config(String name, String json) throws IOException {
        Path file = tmp.resolve(name).resolve("config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }

    private static String auth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A helper script on the test PATH; it records its argument and the server URL it read. */
    private Path helper(String name, String body) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path script = bin.resolve("docker-credential-" + name);
        Files.writeString(script, "#!/bin/sh\nread -r server || true\necho \"$1 $server\" >> " + tmp.resolve(name + ".calls")
                + "\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private List<String> calls(String name) throws IOException {
        Path f = tmp.resolve(name + ".calls");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    @Test
    void jibsExplicitAuthWinsOverSettingsXmlWhichWinsOverTheDockerConfig() throws IOException {
        Path docker = config("docker", "{\"auths\":{\"" + REGISTRY + "\":{\"auth\":\"" + auth("docker-user", "dp") + "\"}}}");
        Map<String, SettingsServer> servers = Map.of(REGISTRY, SettingsServer.plain(REGISTRY, "settings-user", "sp"));

        RegistryCredentialChain all = chain(docker).setServers(servers)
                .setExplicit(REGISTRY, new Credential("jib-user", "jp"), "Jib's <from><auth>");
        assertEquals(new Credential("jib-user", "jp"), all.forRegistry(REGISTRY).orElseThrow());
        assertTrue(infos.contains("Registry " + REGISTRY + ": credentials from Jib's <from><auth>"), infos.toString());

        assertEquals(new Credential("settings-user", "sp"), chain(docker).setServers(servers).forRegistry(REGISTRY)
                .orElseThrow());
        assertEquals(new Credential("docker-user", "dp"), chain(docker).forRegistry(REGISTRY).orElseThrow());
        assertTrue(infos.get(infos.size() - 1).contains("auths \"" + REGISTRY + "\" of " + docker), infos.toString());

        // Jib's <from><auth> is for the base's registry only.
        assertEquals(new Credential("docker-user", "dp"), chain(docker)
                .setExplicit("other.example.test", new Credential("jib-user", "jp"), "Jib's <from><auth>")
                .forRegistry(REGISTRY).orElseThrow());
        assertTrue(String.join("\n", infos).indexOf("dp") < 0 && String.join("\n", infos).indexOf("sp\"") < 0);
    }

    @Test
    void dockerConfigKeysMatchAsJibMatchesThemIncludingDockerHubAliases() throws IOException {
        Path docker = config("docker", "{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("hub", "hub-pass:with-colon") + "\"},"
                + "\"https://" + REGISTRY + "/v2/\":{\"username\":\"plain\",\"password\":\"plain-pass\"}}}");
        assertEquals(new Credential("hub", "hub-pass:with-colon"), chain(docker).forRegistry("docker.io").orElseThrow());
        assertEquals(new Credential("plain", "plain-pass"), chain(docker).forRegistry(REGISTRY).orElseThrow());
        assertEquals(Optional.empty(), chain(docker).forRegistry("ghcr.io"));
        assertEquals(Optional.empty(), chain(tmp.resolve("absent/config.json")).forRegistry(REGISTRY));
    }

    @Test
    void aCredHelperForTheRegistryIsAskedThroughStdinAndWinsOverAuths() throws IOException {
        helper("acme", "printf '{\"ServerURL\":\"%s\",\"Username\":\"helper-user\",\"Secret\":\"" + HELPER_SECRET
                + "\"}' \"$server\"");
        Path docker = config("docker", "{\"credHelpers\":{\"" + REGISTRY + "\":\"acme\"},"
                + "\"auths\":{\"" + REGISTRY + "\":{\"auth\":\"" + auth("stale", "stale") + "\"}}}");
        RegistryCredentialChain chain = chain(docker);
        assertEquals(new Credential("helper-user", HELPER_SECRET), chain.forRegistry(REGISTRY).orElseThrow());
        assertEquals(new Credential("helper-user", HELPER_SECRET), chain.forRegistry(REGISTRY).orElseThrow());
        assertEquals(List.of("get " + REGISTRY), calls("acme"), "asked once per registry, with the server on stdin");
        assertTrue(infos.get(0).contains("docker-credential-acme (credHelpers \"" + REGISTRY + "\" of " + docker + ")"),
                infos.toString());
        assertFalse(infos.toString().contains(HELPER_SECRET));
    }

    @Test
    void aCredsStoreWithNothingForTheRegistryFallsBackToAuthsAsInJib() throws IOException {
        helper("desktop", "echo 'credentials not found in native keychain'; exit 1");
        Path docker = config("docker", "{\"credsStore\":\"desktop\",\"auths\":{\"" + REGISTRY + "\":{\"auth\":\""
                + auth("u", "from-auths") + "\"}}}");
        assertEquals(new Credential("u", "from-auths"), chain(docker).forRegistry(REGISTRY).orElseThrow());
        assertEquals(Optional.empty(), chain(docker).forRegistry("ghcr.io"));
        assertTrue(warns.isEmpty(), "nothing stored is not a failure: " + warns);
    }

    @Test
    void aFailingHelperIsNamedWithTheRegistryWhenTheRegistryRefusesAndItsOutputNeverShows() throws Exception {
        helper("broken", "echo '{\"Username\":\"x\",\"Secret\":\"" + HELPER_SECRET + "\"'; echo " + HELPER_SECRET
                + " >&2; exit 3");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/", ex -> {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
            ex.sendResponseHeaders(401, -1);
            ex.close();
        });
        server.start();
        try {
            String registry = "127.0.0.1:" + server.getAddress().getPort();
            Path docker = config("docker", "{\"credHelpers\":{\"" + registry + "\":\"broken\"}}");
            RegistryCredentialChain chain = chain(docker);
            OdooImageException e = assertThrows(OdooImageException.class, () -> new RegistryClient(chain)
                    .resolve(ImageReference.parse(registry + "/team/base:1", "test")));
            assertTrue(e.getMessage().contains("credential helper docker-credential-broken (credHelpers \"" + registry
                    + "\" of " + docker + ") failed for registry " + registry + ": exit status 3"), e.getMessage());
            assertTrue(e.getMessage().contains("requires credentials"), e.getMessage());
            assertFalse(e.getMessage().contains(HELPER_SECRET), e.getMessage());
            assertFalse(warns.toString().contains(HELPER_SECRET), warns.toString());
            assertTrue(warns.toString().contains("docker-credential-broken"), warns.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aHelperThatPrintsSomethingElseOrIsMissingIsAFailureNamingIt() throws IOException {
        helper("garbled", "echo 'Secret: " + HELPER_SECRET + "'");
        Path docker = config("docker", "{\"credHelpers\":{\"" + REGISTRY + "\":\"garbled\",\"ghcr.io\":\"nowhere\"}}");
        RegistryCredentialChain chain = chain(docker);
        assertEquals(Optional.empty(), chain.forRegistry(REGISTRY));
        assertTrue(chain.explain(REGISTRY).contains("docker-credential-garbled") && chain.explain(REGISTRY)
                .contains("something other than JSON"), chain.explain(REGISTRY));
        assertFalse(chain.explain(REGISTRY).contains(HELPER_SECRET));
        assertEquals(Optional.empty(), chain.forRegistry("ghcr.io"));
        assertTrue(chain.explain("ghcr.io").contains("docker-credential-nowhere")
                && chain.explain("ghcr.io").contains("not on the PATH"), chain.explain("ghcr.io"));
    }

    @Test
    void aMalformedDockerConfigNamesTheFileAndNotItsText() throws IOException {
        Path docker = config("docker", "{\"auths\": {\"" + REGISTRY + "\": {\"auth\": \"c2VjcmV0\" oops-" + HELPER_SECRET
                + "}}}");
        OdooImageException e = assertThrows(OdooImageException.class, () -> chain(docker).forRegistry(REGISTRY));
        assertTrue(e.getMessage().contains("Docker config " + docker + " is not valid JSON (line 1"), e.getMessage());
        assertFalse(e.getMessage().contains(HELPER_SECRET), e.getMessage());

        Path badAuth = config("bad-auth", "{\"auths\":{\"" + REGISTRY + "\":{\"auth\":\"not base64!\"}}}");
        e = assertThrows(OdooImageException.class, () -> chain(badAuth).forRegistry(REGISTRY));
        assertTrue(e.getMessage().contains(badAuth + ": auths \"" + REGISTRY + "\""), e.getMessage());
    }

    @Test
    void aSettingsServerThatCouldNotBeDecryptedIsNamed() {
        SettingsServer broken = new SettingsServer(REGISTRY, "robot", "{xyz}", null, "{xyz}", null,
                "Failed to decrypt password for server " + REGISTRY);
        OdooImageException e = assertThrows(OdooImageException.class,
                () -> chain().setServers(Map.of(REGISTRY, broken)).forRegistry(REGISTRY));
        assertTrue(e.getMessage().startsWith("settings.xml server '" + REGISTRY + "': Failed to decrypt"), e.getMessage());
        e = assertThrows(OdooImageException.class, () -> chain()
                .setServers(Map.of(REGISTRY, SettingsServer.plain(REGISTRY, "robot", null))).forRegistry(REGISTRY));
        assertTrue(e.getMessage().contains("needs both <username> and <password>"), e.getMessage());
    }

    @Test
    void dockerConfigEnvComesBeforeTheHomeConfig() {
        assertEquals(List.of(Path.of("/cfg/config.json"), Path.of("/home/u/.docker/config.json")),
                RegistryCredentialChain.defaultDockerConfigs("/cfg", Path.of("/home/u")));
        assertEquals(List.of(Path.of("/home/u/.docker/config.json")),
                RegistryCredentialChain.defaultDockerConfigs(null, Path.of("/home/u")));
    }
}
