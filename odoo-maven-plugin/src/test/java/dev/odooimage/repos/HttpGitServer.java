package dev.odooimage.repos;

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

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A private git service over smart HTTP: the real {@code git http-backend} (fetch and push) behind
 * a server on 127.0.0.1 that demands Basic authentication with one user and token.
 */
public final class HttpGitServer implements AutoCloseable {
    final String user;
    final String token;
    final Path root;
    /** Requests that carried the right credentials. */
    public final AtomicInteger authorized = new AtomicInteger();
    /** Requests that carried credentials, but wrong ones. */
    public final AtomicInteger refused = new AtomicInteger();
    private final HttpServer server;

    /** Serves the repositories under {@code root} to {@code user} with {@code token}. */
    public HttpGitServer(Path root, String user, String token) throws IOException {
        this.root = root;
        this.user = user;
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String repo) {
        return "http://127.0.0.1:" + port() + "/" + repo;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
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
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REQUEST_METHOD", ex.getRequestMethod());
        env.put("PATH_INFO", ex.getRequestURI().getPath());
        env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
        env.put("REMOTE_USER", user); // an authenticated user may push (http.receivepack's default)
        env.put("REMOTE_ADDR", "127.0.0.1");
        for (String[] h : new String[][] {{"Content-Type", "CONTENT_TYPE"}, {"Content-Encoding", "HTTP_CONTENT_ENCODING"},
                {"Git-Protocol", "GIT_PROTOCOL"}}) {
            String v = ex.getRequestHeaders().getFirst(h[0]);
            if (v != null) {
                env.put(h[1], v);
            }
        }
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream(); InputStream body = ex.getRequestBody()) {
            body.transferTo(in);
        }
        byte[] out = p.getInputStream().readAllBytes();
        String text = new String(out, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n");
        int skip = 4;
        if (split < 0) {
            split = text.indexOf("\n\n");
            skip = 2;
        }
        int status = 200;
        for (String h : text.substring(0, split).split("\r?\n")) {
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

    @Override
    public void close() {
        server.stop(0);
    }
}
