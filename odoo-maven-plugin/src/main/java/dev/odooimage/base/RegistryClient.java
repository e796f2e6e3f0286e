package dev.odooimage.base;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.credentials.Credential;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * Resolves a tag to its manifest digest through the registry HTTP API v2
 * (distribution spec): HEAD, else GET, of {@code /v2/<repository>/manifests/<tag>},
 * answering the registry's authentication challenge (anonymous or credential-backed
 * bearer token, or basic). Loopback registries are spoken to over http, all others
 * over https. Credentials and tokens never appear in messages.
 */
public final class RegistryClient {

    /** Multi-platform indexes first: the digest of what the tag names, as a pull would see it. */
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Duration timeout;
    /** Made on first request: building one loads the JDK's TLS trust store (~0.4 s), which a cached base never needs. */
    private HttpClient http;
    /** Blob downloads: redirects are followed by hand, without the registry's Authorization. */
    private HttpClient noRedirects;
    private final Credential.Provider credentials;
    private final ObjectMapper json = new ObjectMapper();
    /** Authorization per registry/repository, reused by the requests of one read. */
    private final Map<String, String> authorizations = new java.util.concurrent.ConcurrentHashMap<>();

    public RegistryClient(Credential.Provider credentials) {
        this(credentials, Duration.ofSeconds(30));
    }

    public RegistryClient(Credential.Provider credentials, Duration timeout) {
        this.credentials = credentials;
        this.timeout = timeout;
    }

    private synchronized HttpClient client(boolean follow) {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
            noRedirects = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return follow ? http : noRedirects;
    }

    /** The registry could not be reached at all (network, DNS, refused connection). */
    public static final class Unreachable extends OdooImageException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A manifest as the registry sent it.
     *
     * @param bytes     the exact bytes (their sha256 is the digest)
     * @param mediaType the Content-Type, e.g. an OCI image index or a Docker v2 manifest
     * @param digest    {@code sha256:<hex>} of {@code bytes}
     */
    public record Manifest(byte[] bytes, String mediaType, String digest) {
    }

    /**
     * GETs the manifest {@code digest} of {@code image}'s repository; the bytes are checked
     * against the digest, so a cache keyed by it can trust them.
     */
    public Manifest manifest(ImageReference image, String digest) {
        URI uri = URI.create(base(image) + "/manifests/" + digest);
        HttpResponse<byte[]> get = authorized(uri, image, true, HttpResponse.BodyHandlers.ofByteArray());
        if (get.statusCode() != 200) {
            throw failure(get, image);
        }
        String computed = "sha256:" + Digests.sha256Hex(get.body());
        if (!computed.equals(digest)) {
            throw new OdooImageException("registry " + image.registry() + " sent a manifest for " + image
                    + " whose sha256 is " + computed + ", not the pinned " + digest + "; the registry or a proxy"
                    + " altered it");
        }
        return new Manifest(get.body(), mediaType(get), computed);
    }

    /**
     * Streams blob {@code digest} (a config or a layer) of {@code image}'s repository. The
     * caller checks the digest of what it read; redirects to a storage backend are followed
     * without the registry's credentials.
     */
    public java.io.InputStream blob(ImageReference image, String digest) {
        URI uri = URI.create(base(image) + "/blobs/" + digest);
        HttpResponse<java.io.InputStream> get = authorized(uri, image, false,
                HttpResponse.BodyHandlers.ofInputStream());
        for (int hops = 0; hops < 5 && get.statusCode() / 100 == 3; hops++) {
            URI next = uri.resolve(get.headers().firstValue("Location").orElseThrow(() -> new OdooImageException(
                    "registry " + image.registry() + " redirected blob " + digest + " without a Location")));
            drain(get.body());
            uri = next;
            get = exchange(HttpRequest.newBuilder(next).timeout(Duration.ofMinutes(10)).GET().build(), image,
                    client(true), HttpResponse.BodyHandlers.ofInputStream());
        }
        if (get.statusCode() != 200) {
            int status = get.statusCode();
            drain(get.body());
            throw new OdooImageException("registry " + image.registry() + " answered HTTP " + status
                    + " for blob " + digest + " of " + image.repository());
        }
        return get.body();
    }

    private static void drain(java.io.InputStream in) {
        try (in) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // only closing the connection
        }
    }

    private static String base(ImageReference image) {
        return (image.isLoopback() ? "http" : "https") + "://" + image.apiHost() + "/v2/" + image.repository();
    }

    /** GET with the cached authorization of the repository, answering a 401 challenge once. */
    private <T> HttpResponse<T> authorized(URI uri, ImageReference image, boolean follow,
            HttpResponse.BodyHandler<T> body) {
        String key = image.registry() + "/" + image.repository();
        HttpClient client = client(follow);
        HttpResponse<T> response = exchange(request(uri, authorizations.get(key)), image, client, body);
        if (response.statusCode() == 401) {
            HttpResponse<byte[]> challenged = exchange(request(uri, null), image, client,
                    HttpResponse.BodyHandlers.ofByteArray());
            if (challenged.statusCode() != 401) {
                throw failure(challenged, image);
            }
            closeQuietly(response.body());
            String authorization = authorize(challenged, image);
            authorizations.put(key, authorization);
            response = exchange(request(uri, authorization), image, client, body);
        }
        return response;
    }

    private static void closeQuietly(Object body) {
        if (body instanceof java.io.InputStream in) {
            drain(in);
        }
    }

    private static HttpRequest request(URI uri, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                .header("Accept", ACCEPT).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, ImageReference image, HttpClient client,
            HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request, body);
        } catch (IOException e) {
            throw new Unreachable("cannot reach registry " + image.registry() + " (" + request.uri().getScheme()
                    + "://" + request.uri().getAuthority() + ") to read " + image + ": " + e.getMessage()
                    + "; check the network, a proxy, or the registry name", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooImageException("interrupted while reading " + image, e);
        }
    }

    /** The digest the tag of {@code image} points to now. */
    public ManifestDigest resolve(ImageReference image) {
        if (image.tag() == null) {
            throw new OdooImageException("'" + image + "' has no tag to resolve; write the human tag before the digest");
        }
        URI uri = URI.create((image.isLoopback() ? "http" : "https") + "://" + image.apiHost()
                + "/v2/" + image.repository() + "/manifests/" + image.tag());
        String authorization = null;
        HttpResponse<byte[]> head = send(uri, "HEAD", null, image);
        if (head.statusCode() == 401) {
            authorization = authorize(head, image);
            head = send(uri, "HEAD", authorization, image);
        }
        if (head.statusCode() == 200) {
            Optional<String> digest = head.headers().firstValue("Docker-Content-Digest");
            if (digest.isPresent() && DIGEST.matcher(digest.get()).matches()) {
                return new ManifestDigest(digest.get(), mediaType(head));
            }
        } else if (head.statusCode() == 404 || head.statusCode() == 401 || head.statusCode() == 403) {
            throw failure(head, image);
        }
        // No usable digest header, or HEAD refused (405, 5xx...): the digest is the sha256 of
        // the manifest bytes, which a GET returns.
        HttpResponse<byte[]> get = send(uri, "GET", authorization, image);
        if (get.statusCode() == 401 && authorization == null) {
            authorization = authorize(get, image);
            get = send(uri, "GET", authorization, image);
        }
        if (get.statusCode() != 200) {
            throw failure(get, image);
        }
        String computed = "sha256:" + Digests.sha256Hex(get.body());
        Optional<String> announced = get.headers().firstValue("Docker-Content-Digest");
        if (announced.isPresent() && DIGEST.matcher(announced.get()).matches() && !announced.get().equals(computed)) {
            throw new OdooImageException("registry " + image.registry() + " announced digest " + announced.get()
                    + " for " + image + " but sent a manifest whose sha256 is " + computed
                    + "; the registry or a proxy altered it, retry or check the registry");
        }
        return new ManifestDigest(computed, mediaType(get));
    }

    private HttpResponse<byte[]> send(URI uri, String method, String authorization, ImageReference image) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Accept", ACCEPT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return exchange(request.build(), image);
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, ImageReference image) {
        try {
            return client(true).send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Unreachable("cannot reach registry " + image.registry() + " (" + request.uri().getScheme()
                    + "://" + request.uri().getAuthority() + ") to resolve " + image + ": " + e.getMessage()
                    + "; check the network, a proxy, or the registry name", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooImageException("interrupted while resolving " + image, e);
        }
    }

    /** Answers a 401 challenge; returns the Authorization header value to retry with. */
    private String authorize(HttpResponse<byte[]> challenged, ImageReference image) {
        String header = challenged.headers().firstValue("WWW-Authenticate").orElse("");
        String scheme = header.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        Optional<Credential> creds = credentials.forRegistry(image.registry());
        if (scheme.equals("basic")) {
            return creds.map(Credential::basicHeader).orElseThrow(() -> needsCredentials(image, null));
        }
        if (!scheme.equals("bearer")) {
            throw new OdooImageException("registry " + image.registry() + " answered 401 with an unsupported "
                    + "authentication challenge '" + header.split("\\s+", 2)[0] + "' for " + image);
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(header);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null || realm.isBlank()) {
            throw new OdooImageException("registry " + image.registry() + " asked for a bearer token without a realm");
        }
        StringBuilder query = new StringBuilder();
        if (params.containsKey("service")) {
            query.append("service=").append(encode(params.get("service")));
        }
        String scope = params.getOrDefault("scope", "repository:" + image.repository() + ":pull");
        query.append(query.length() > 0 ? "&" : "").append("scope=").append(encode(scope));
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).timeout(Duration.ofSeconds(60)).GET();
        creds.ifPresent(c -> request.header("Authorization", c.basicHeader()));
        HttpResponse<byte[]> response = exchange(request.build(), image);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw needsCredentials(image, creds.isPresent() ? "the token service refused the credentials"
                    : "the token service refused an anonymous token");
        }
        if (response.statusCode() != 200) {
            throw new OdooImageException("token service " + tokenUri.getScheme() + "://" + tokenUri.getAuthority()
                    + tokenUri.getPath() + " answered HTTP " + response.statusCode() + " for " + image);
        }
        try {
            JsonNode body = json.readTree(response.body());
            JsonNode token = body.hasNonNull("token") ? body.get("token") : body.get("access_token");
            if (token == null || token.asText().isEmpty()) {
                throw new OdooImageException("token service of " + image.registry() + " sent no token for " + image);
            }
            return "Bearer " + token.asText();
        } catch (IOException e) {
            throw new OdooImageException("token service of " + image.registry() + " sent an unreadable answer for "
                    + image + ": " + e.getMessage(), e);
        }
    }

    private OdooImageException failure(HttpResponse<byte[]> response, ImageReference image) {
        int status = response.statusCode();
        if (status == 404) {
            return new OdooImageException("registry " + image.registry() + " has no manifest for " + image
                    + " (repository " + image.repository() + ", tag " + image.tag() + "); check the tag in the pom");
        }
        if (status == 401 || status == 403) {
            return needsCredentials(image, "HTTP " + status);
        }
        String body = new String(response.body(), StandardCharsets.UTF_8).strip();
        if (body.length() > 300) {
            body = body.substring(0, 300) + "...";
        }
        return new OdooImageException("registry " + image.registry() + " answered HTTP " + status + " for " + image
                + (body.isEmpty() ? "" : ": " + body));
    }

    private OdooImageException needsCredentials(ImageReference image, String detail) {
        String why = credentials.explain(image.registry());
        return new OdooImageException("registry " + image.registry() + " requires credentials to read " + image
                + (detail == null ? "" : " (" + detail + ")") + (why.isEmpty() ? "" : "; " + why)
                + ": add a <server> with <id>" + image.registry() + "</id>, <username> and <password> to"
                + " ~/.m2/settings.xml (encrypt it with mvn --encrypt-password), or log in with `docker login "
                + image.registry() + "` (~/.docker/config.json, as Jib reads it)");
    }

    private static String mediaType(HttpResponse<byte[]> response) {
        return response.headers().firstValue("Content-Type").map(v -> v.split(";")[0].trim()).orElse("");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
