package dev.odooimage.aggregate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;

/** A real {@code git daemon} on 127.0.0.1 serving every repository under {@code base}. */
final class GitDaemon implements AutoCloseable {
    private final Path base;
    private final int port;
    private Process process;

    GitDaemon(Path base) throws IOException {
        this.base = base;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        start();
    }

    void start() throws IOException {
        process = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all", "--base-path=" + base,
                "--listen=127.0.0.1", "--port=" + port, base.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                sleep(100);
            }
        }
        throw new IOException("git daemon did not start on port " + port);
    }

    String url(String repo) {
        return "git://127.0.0.1:" + port + "/" + repo;
    }

    /** Kills the daemon and the upload-pack processes it forked, as a crashing server would. */
    void kill() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        kill();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
