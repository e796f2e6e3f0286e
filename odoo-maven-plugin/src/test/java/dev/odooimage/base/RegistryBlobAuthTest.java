package dev.odooimage.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 * What the base image reader needs of a public registry beyond Debian's docker-registry: a
 * bearer token asked once and reused for the manifest and every blob, and blobs redirected to a
 * storage host (Docker Hub's CDN) that must not receive the registry's Authorization. A small
 * HTTP server plays the registry, the token service and the storage.
 */
class RegistryBlobAuthTest {
    private static final String TOKEN = "blob-token";
    private static final byte[] BLOB = "layer bytes".getBytes(StandardCharsets.UTF_8);
    private static final String BLOB_DIGEST = "sha256:" + Digests.sha256Hex(BLOB);
    private static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
    private static final String MANIFEST_DIGEST = "sha256:" + Digests.sha256Hex(MANIFEST);

    private HttpServer server;
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> storageAuthorizations = new CopyOnWriteArrayList<>();
    private volatile byte[] manifestBody = MANIFEST;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", ex -> {
            tokenRequests.add(ex.getRequestURI().getQuery());
            send(ex, 200, ("{\"token\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/storage/", ex -> {
            storageAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            send(ex, 200, BLOB);
        });
        server.createContext("/v2/", this::registry);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void registry(HttpExchange ex) throws IOException {
        if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host()
                    + "/token\",service=\"test\",scope=\"repository:team/base:pull\"");
            send(ex, 401, new byte[0]);
            return;
        }
        String path = ex.getRequestURI().getPath();
        if (path.equals("/v2/team/base/manifests/" + MANIFEST_DIGEST)) {
            ex.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
            send(ex, 200, manifestBody);
        } else if (path.equals("/v2/team/base/blobs/" + BLOB_DIGEST)) {
            ex.getResponseHeaders().add("Location", "http://" + host() + "/storage/" + BLOB_DIGEST + "?signed=1");
            send(ex, 307, new byte[0]);
        } else {
            send(ex, 404, new byte[0]);
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    @Test
    void oneTokenServesManifestAndBlobsAndTheStorageGetsNoCredentials() throws Exception {
        RegistryClient client = new RegistryClient(registry -> Optional.of(new Credential("robot", "s3cret")));
        ImageReference image = ImageReference.parse(host() + "/team/base:1@" + MANIFEST_DIGEST, "test");

        RegistryClient.Manifest manifest = client.manifest(image, MANIFEST_DIGEST);
        byte[] blob;
        try (InputStream in = client.blob(image, BLOB_DIGEST)) {
            blob = in.readAllBytes();
        }
        try (InputStream in = client.blob(image, BLOB_DIGEST)) {
            in.readAllBytes();
        }

        assertArrayEquals(MANIFEST, manifest.bytes());
        assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.mediaType());
        assertArrayEquals(BLOB, blob);
        assertEquals(1, tokenRequests.size(), "the token is asked once and reused: " + tokenRequests);
        assertEquals(List.of("null", "null"), storageAuthorizations, "the storage host never sees credentials");
    }

    @Test
    void aManifestThatIsNotWhatTheDigestNamesIsRefused() {
        manifestBody = "{\"schemaVersion\":2,\"tampered\":true}".getBytes(StandardCharsets.UTF_8);
        RegistryClient client = new RegistryClient(Credential.Provider.NONE);
        ImageReference image = ImageReference.parse(host() + "/team/base:1@" + MANIFEST_DIGEST, "test");

        OdooImageException e = assertThrows(OdooImageException.class, () -> client.manifest(image, MANIFEST_DIGEST));
        assertTrue(e.getMessage().contains("not the pinned " + MANIFEST_DIGEST), e.getMessage());
    }
}
