package dev.odooimage.repos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.odooimage.util.OdooImageException;

/**
 * Private repositories over smart HTTP: the real {@code git http-backend} behind a small
 * HTTP server that demands Basic authentication. Credentials are found by host (as a
 * settings.xml server id), never prompted for, and never printed.
 */
class HttpCredentialsTest {

    static final String USER = "deploy-bot";
    static final String TOKEN = "glpat-s3cr3t-t0ken-value";

    @TempDir
    Path tmp;
    HttpServer server;
    GitRepos.Repo repo;
    final AtomicInteger authorized = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();

    @BeforeEach
    void serve() throws Exception {
        repo = new GitRepos(tmp.resolve("served")).create("private", "17.0");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        repo.close();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/private/.git";
    }

    @Test
    void credentialsOfTheServerWhoseIdIsTheHostAreUsed() throws Exception {
        GitAccess access = new GitAccess(Map.of("127.0.0.1", new GitAccess.Credentials(USER, TOKEN),
                "other.example.com", new GitAccess.Credentials("x", "y")), null);
        RemoteRefs refs = new LsRemote(access, 1, 0).list(url());
        assertEquals(repo.head("17.0"), refs.resolve("17.0", "test"));
        assertTrue(authorized.get() > 0);
    }

    @Test
    void hostAndPortIdWinsOverHostId() throws Exception {
        GitAccess access = new GitAccess(Map.of("127.0.0.1", new GitAccess.Credentials(USER, "wrong"),
                "127.0.0.1:" + server.getAddress().getPort(), new GitAccess.Credentials(USER, TOKEN)), null);
        assertEquals(repo.head("17.0"), new LsRemote(access, 1, 0).list(url()).resolve("17.0", "test"));
    }

    @Test
    void withoutCredentialsItFailsAtOnceNamingTheServerIdToAdd() {
        String msg = assertThrows(OdooImageException.class,
                () -> new LsRemote(GitAccess.anonymous(), 3, 10).list(url())).getMessage();
        assertTrue(msg.contains("<id>127.0.0.1:" + server.getAddress().getPort() + "</id>") && msg.contains("settings.xml"),
                "the id keeps the port the URL has: " + msg);
        assertTrue(msg.contains("(1 attempt)"), "refused authentication is not retried: " + msg);
        assertEquals(0, authorized.get());
    }

    @Test
    void wrongCredentialsAreNeverPrinted() {
        GitAccess access = new GitAccess(Map.of("127.0.0.1", new GitAccess.Credentials(USER, "not-the-" + TOKEN)), null);
        String msg = assertThrows(OdooImageException.class, () -> new LsRemote(access, 2, 10).list(url()))
                .getMessage();
        assertFalse(msg.contains(TOKEN), msg);
        assertTrue(refused.get() > 0);
        assertFalse(access.toString().contains(TOKEN) || new GitAccess.Credentials(USER, TOKEN).toString()
                .contains(TOKEN));
    }

    private void handle(HttpExchange ex) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            if (ex.getRequestHeaders().getFirst("Authorization") != null) {
                refused.incrementAndGet();
            }
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            ex.sendResponseHeaders(401, -1);
            ex.close();
            return;
        }
        authorized.incrementAndGet();
        ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = pb.environment();
        env.put("GIT_PROJECT_ROOT", tmp.resolve("served").toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REQUEST_METHOD", ex.getRequestMethod());
        env.put("PATH_INFO", ex.getRequestURI().getPath());
        env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
        env.put("REMOTE_USER", USER);
        env.put("REMOTE_ADDR", "127.0.0.1");
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct != null) {
            env.put("CONTENT_TYPE", ct);
        }
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String proto = ex.getRequestHeaders().getFirst("Git-Protocol");
        if (proto != null) {
            env.put("GIT_PROTOCOL", proto);
        }
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream(); InputStream body = ex.getRequestBody()) {
            body.transferTo(in);
        }
        byte[] out = p.getInputStream().readAllBytes();
        int split = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int skip = 4;
        if (split < 0) {
            split = indexOf(out, "\n\n".getBytes(StandardCharsets.US_ASCII));
            skip = 2;
        }
        int status = 200;
        for (String h : new String(out, 0, split, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.substring(0, 3));
            } else {
                ex.getResponseHeaders().add(name, value);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(out, split + skip, out.length - split - skip);
        ex.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
        try (OutputStream os = ex.getResponseBody()) {
            body.writeTo(os);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
