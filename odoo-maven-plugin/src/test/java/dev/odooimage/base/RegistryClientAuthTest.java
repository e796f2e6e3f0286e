package dev.odooimage.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.odooimage.credentials.Credential;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * The authentication challenges of public and private registries, which no registry on this
 * machine can issue (Debian's docker-registry has no token server): a small HTTP server plays
 * the registry's 401 + WWW-Authenticate and the token service, nothing else.
 */
class RegistryClientAuthTest {

    private static final String TOKEN = "t0k3n-for-test-repo";
    private static final byte[] MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final String MANIFEST_DIGEST = "sha256:" + Digests.sha256Hex(MANIFEST);

    private HttpServer server;
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> manifestRequests = new CopyOnWriteArrayList<>();
    private volatile String challenge;
    private volatile String requiredTokenAuth;
    private volatile boolean sendDigestHeader = true;
    private volatile String announcedDigest = MANIFEST_DIGEST;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/v2/", this::manifest);
        server.start();
        challenge = "Bearer realm=\"http://" + host() + "/token\",service=\"test-registry\","
                + "scope=\"repository:team/base:pull\"";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void token(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        tokenRequests.add(ex.getRequestURI().getRawQuery() + " auth=" + auth);
        if (requiredTokenAuth != null && !requiredTokenAuth.equals(auth)) {
            respond(ex, 401, "{\"details\":\"incorrect username or password\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        respond(ex, 200, ("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8));
    }

    private void manifest(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        manifestRequests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " accept="
                + ex.getRequestHeaders().getFirst("Accept") + " auth=" + auth);
        if (!("Bearer " + TOKEN).equals(auth) && !(challenge.startsWith("Basic") && auth != null)) {
            ex.getResponseHeaders().add("WWW-Authenticate", challenge);
            respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!ex.getRequestURI().getPath().equals("/v2/team/base/manifests/3.11-slim")) {
            respond(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ex.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
        if (sendDigestHeader) {
            ex.getResponseHeaders().add("Docker-Content-Digest", announcedDigest);
        }
        respond(ex, 200, MANIFEST);
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    private ImageReference image(String tag) {
        return ImageReference.parse(host() + "/team/base:" + tag, "test");
    }

    @Test
    void anonymousBearerTokenFlow() {
        ManifestDigest digest = new RegistryClient(Credential.Provider.NONE).resolve(image("3.11-slim"));

        assertEquals(MANIFEST_DIGEST, digest.digest());
        assertEquals(1, tokenRequests.size());
        assertEquals("service=test-registry&scope=repository%3Ateam%2Fbase%3Apull auth=null", tokenRequests.get(0));
        assertTrue(manifestRequests.get(0).startsWith("HEAD /v2/team/base/manifests/3.11-slim accept="
                + RegistryClient.ACCEPT), manifestRequests.get(0));
        assertTrue(manifestRequests.get(1).endsWith("auth=Bearer " + TOKEN), manifestRequests.get(1));
    }

    @Test
    void credentialsFromSettingsGoToTheTokenServiceOnly() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("robot:s3cret".getBytes(StandardCharsets.UTF_8));
        requiredTokenAuth = basic;
        Credential.Provider settings = registry -> registry.equals(host())
                ? Optional.of(new Credential("robot", "s3cret")) : Optional.empty();

        ManifestDigest digest = new RegistryClient(settings).resolve(image("3.11-slim"));

        assertEquals(MANIFEST_DIGEST, digest.digest());
        assertTrue(tokenRequests.get(0).endsWith("auth=" + basic));
        assertTrue(manifestRequests.stream().noneMatch(r -> r.contains("Basic")), "registry only sees the token");
    }

    @Test
    void refusedCredentialsPointToSettingsWithoutShowingThem() {
        requiredTokenAuth = "Basic something-else";
        Credential.Provider settings = registry -> Optional.of(new Credential("robot", "s3cret"));

        OdooImageException e = assertThrows(OdooImageException.class,
                () -> new RegistryClient(settings).resolve(image("3.11-slim")));

        assertTrue(e.getMessage().contains("<id>" + host() + "</id>"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void basicChallengeWithoutCredentialsAsksForASettingsServer() {
        challenge = "Basic realm=\"private\"";

        OdooImageException e = assertThrows(OdooImageException.class,
                () -> new RegistryClient(Credential.Provider.NONE).resolve(image("3.11-slim")));

        assertTrue(e.getMessage().contains("settings.xml"), e.getMessage());
    }

    @Test
    void withoutDigestHeaderTheManifestBytesAreHashed() {
        sendDigestHeader = false;

        ManifestDigest digest = new RegistryClient(Credential.Provider.NONE).resolve(image("3.11-slim"));

        assertEquals(MANIFEST_DIGEST, digest.digest());
        assertTrue(manifestRequests.stream().anyMatch(r -> r.startsWith("GET ")), manifestRequests.toString());
    }

    @Test
    void anAnnouncedDigestThatDoesNotMatchTheBytesIsRejected() {
        announcedDigest = "sha256:" + "0".repeat(64);
        // HEAD trusts the header; the mismatch shows on GET, which is used when HEAD gives none.
        sendDigestHeader = true;
        RegistryClient client = new RegistryClient(Credential.Provider.NONE);
        assertEquals(announcedDigest, client.resolve(image("3.11-slim")).digest());

        server.removeContext("/v2/");
        server.createContext("/v2/", ex -> {
            if (ex.getRequestMethod().equals("HEAD")) {
                respond(ex, 405, new byte[0]);
                return;
            }
            manifest(ex);
        });
        OdooImageException e = assertThrows(OdooImageException.class, () -> client.resolve(image("3.11-slim")));
        assertTrue(e.getMessage().contains(MANIFEST_DIGEST), e.getMessage());
    }

    @Test
    void missingTagIsReportedAsSuch() {
        OdooImageException e = assertThrows(OdooImageException.class,
                () -> new RegistryClient(Credential.Provider.NONE).resolve(image("2.7-slim")));

        assertTrue(e.getMessage().contains("no manifest") && e.getMessage().contains("2.7-slim"), e.getMessage());
    }
}
