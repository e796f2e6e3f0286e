package dev.odooimage.its.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code git daemon} serving every bare repository under a directory (normally
 * {@link GitFixtures#root()}) over the git protocol on 127.0.0.1 and a free port:
 * {@code git daemon --export-all --base-path=<dir> --reuseaddr --listen=127.0.0.1 --port=<p>}.
 * {@link #start} returns once the daemon accepts connections. {@link #kill()} stops it abruptly
 * (for fault tests: a remote that goes away); {@link #close()} does the same and is idempotent.
 * Needs the {@code git} package.
 */
public final class GitDaemon implements AutoCloseable {

    private final Path baseDir;
    private final int port;
    private final Process process;
    private final Path log;
    private final Thread hook;

    private GitDaemon(Path baseDir, int port, Process process, Path log) {
        this.baseDir = baseDir;
        this.port = port;
        this.process = process;
        this.log = log;
        this.hook = new Thread(this::kill, "git-daemon-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts a daemon exporting the repositories under {@code baseDir}. */
    public static GitDaemon start(Path baseDir) {
        Path base = baseDir.toAbsolutePath();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = Ports.free();
            try {
                Path log = Files.createTempFile("kit-git-daemon", ".log");
                Process p = new ProcessBuilder(List.of("git", "daemon", "--export-all", "--reuseaddr",
                        "--informative-errors", "--base-path=" + base, "--listen=127.0.0.1", "--port=" + port,
                        base.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                boolean up = Ports.await(Duration.ofSeconds(20), () -> !p.isAlive() || Ports.accepts(port));
                if (up && p.isAlive()) {
                    return new GitDaemon(base, port, p, log);
                }
                p.destroyForcibly();
                last = new IllegalStateException("git daemon did not start on port " + port + ":\n"
                        + Files.readString(log));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start git daemon", e);
            }
        }
        throw last;
    }

    /** {@code git://127.0.0.1:<port>/<name>.git}, the URL of fixture repository {@code name}. */
    public String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name + ".git";
    }

    public int port() {
        return port;
    }

    public Path baseDir() {
        return baseDir;
    }

    /** Whether the daemon process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The daemon's output so far (for diagnostics). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills the daemon and its upload-pack children now; later fetches fail with "connection refused". */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
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
            // already shutting down
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp log; not worth failing a test for
        }
    }
}
