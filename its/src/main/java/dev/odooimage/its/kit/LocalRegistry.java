package dev.odooimage.its.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A throw-away OCI registry on 127.0.0.1: Debian's {@code docker-registry} (distribution 2.x,
 * {@code /usr/bin/docker-registry serve config.yml}) with its storage in a temp directory, plain
 * HTTP on a free port. Images go in with {@link #push} (skopeo, or podman when skopeo is missing).
 *
 * <p>Jib talks to it only with {@code -Djib.allowInsecureRegistries=true} (plain HTTP); podman
 * and skopeo need {@code --tls-verify=false}.
 */
public final class LocalRegistry implements AutoCloseable {

    /** An image in the registry: {@code reference} is host:port/repo:tag, {@code digest} sha256:... */
    public record Pushed(String reference, String digest) {
        /** host:port/repo@sha256:... */
        public String pinned() {
            int colon = reference.lastIndexOf(':');
            String repo = colon > reference.lastIndexOf('/') ? reference.substring(0, colon) : reference;
            return repo + "@" + digest;
        }
    }

    private final Path dir;
    private final int port;
    private final Process process;
    private final Thread hook;

    private LocalRegistry(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.hook = new Thread(this::kill, "registry-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The registry binary, or null. */
    public static Path binary() {
        Path p = Procs.which("docker-registry");
        return p != null ? p : Procs.which("registry");
    }

    /** Starts a registry; returns once {@code GET /v2/} answers 200. */
    public static LocalRegistry start() {
        Path bin = binary();
        if (bin == null) {
            throw new IllegalStateException("no docker-registry binary (install the Debian package docker-registry)");
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = Ports.free();
            try {
                Path dir = Files.createTempDirectory("kit-registry");
                Files.createDirectories(dir.resolve("storage"));
                Path config = dir.resolve("config.yml");
                Files.writeString(config, String.join("\n",
                        "version: 0.1",
                        "log:",
                        "  level: warn",
                        "  accesslog:",
                        "    disabled: true",
                        "storage:",
                        "  filesystem:",
                        "    rootdirectory: " + dir.resolve("storage"),
                        "  delete:",
                        "    enabled: true",
                        "http:",
                        "  addr: 127.0.0.1:" + port,
                        "  secret: kit-local-registry",
                        ""));
                Process p = new ProcessBuilder(bin.toString(), "serve", config.toString()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("registry.log").toFile()).start();
                LocalRegistry reg = new LocalRegistry(dir, port, p);
                if (Ports.await(Duration.ofSeconds(30), () -> !p.isAlive() || reg.answers()) && p.isAlive()) {
                    return reg;
                }
                last = new IllegalStateException("docker-registry did not start on port " + port + ": " + reg.log());
                reg.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw last;
    }

    private boolean answers() {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url("/v2/"))).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://" + host() + path;
    }

    /** {@code 127.0.0.1:<port>/<repository>:<tag>}. */
    public String reference(String repository, String tag) {
        return host() + "/" + repository + ":" + tag;
    }

    /**
     * Pushes the docker-save archive {@code dockerArchive} as {@code repository:tag} and returns the
     * reference and the manifest digest the registry stored.
     */
    public Pushed push(Path dockerArchive, String repository, String tag) {
        String ref = reference(repository, tag);
        try {
            Path digestFile = Files.createTempFile(dir, "digest", ".txt");
            Procs.Result r;
            if (Procs.which("skopeo") != null) {
                r = Procs.run(List.of("skopeo", "--insecure-policy", "copy", "--quiet", "--dest-tls-verify=false",
                        "--digestfile", digestFile.toString(), "docker-archive:" + dockerArchive.toAbsolutePath(),
                        "docker://" + ref), null, Map.of(), null, Duration.ofMinutes(15), null);
            } else if (Procs.which("podman") != null) {
                String loaded = Procs.run("podman", "load", "-q", "-i", dockerArchive.toAbsolutePath().toString())
                        .orThrow().output().strip();
                String src = loaded.replaceFirst("(?s).*Loaded image\\(?s?\\)?:\\s*", "").strip();
                r = Procs.run(List.of("podman", "push", "--tls-verify=false", "--digestfile", digestFile.toString(),
                        src, "docker://" + ref), null, Map.of(), null, Duration.ofMinutes(15), null);
            } else {
                throw new IllegalStateException("pushing to the local registry needs skopeo or podman");
            }
            r.orThrow();
            String digest = Files.readString(digestFile).strip();
            Files.deleteIfExists(digestFile);
            if (!digest.matches("sha256:[0-9a-f]{64}")) {
                throw new IllegalStateException("unexpected digest from push of " + ref + ": " + digest);
            }
            return new Pushed(ref, digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The registry's log (warnings and errors only). */
    public String log() {
        try {
            return Files.readString(dir.resolve("registry.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills the registry now (for fault tests); its storage stays until {@link #close()}. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // JVM shutting down
        }
        Postgres.deleteTree(dir);
    }
}
