package dev.odooimage.image;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 15 cluster for the runtime-script tests: initdb into a temp dir,
 * started on a free loopback port with password (scram) authentication over TCP. PostgreSQL
 * refuses to run as root, so as root it runs as the {@code postgres} system user.
 */
final class ThrowAwayPostgres implements AutoCloseable {
    static final Path BIN = Path.of(System.getProperty("odoo.test.pgbin", "/usr/lib/postgresql/15/bin"));
    static final String SUPERUSER = "postgres";
    static final String SUPERUSER_PASSWORD = "pg-super-Secret-4711";

    final Path dir;
    final int port;

    private ThrowAwayPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static boolean available() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static ThrowAwayPostgres start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("odoo-image-pg-");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path pw = dir.resolve("pwfile");
        Files.writeString(pw, SUPERUSER_PASSWORD + "\n");
        asOwner(dir);
        int port = freePort();
        ThrowAwayPostgres pg = new ThrowAwayPostgres(dir, port);
        pg.run(List.of(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", SUPERUSER,
                "--pwfile=" + pw, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--locale=C.UTF-8"), 120);
        pg.restart();
        return pg;
    }

    /** Runs SQL as the superuser (psql over TCP). */
    String sql(String database, String sql) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(BIN.resolve("psql").toString(), "-X", "-q", "-At", "-v",
                "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", SUPERUSER, "-d", database,
                "-c", sql);
        pb.environment().put("PGPASSWORD", SUPERUSER_PASSWORD);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("psql failed: " + out);
        }
        return out.trim();
    }

    void restart() throws IOException, InterruptedException {
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                "-l", dir.resolve("log").toString(), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
                        + " -c fsync=off", "start"), 90);
    }

    void stop() throws IOException, InterruptedException {
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                "stop"), 60);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                stop();
            }
        } finally {
            dev.odooimage.util.AtomicFiles.deleteRecursively(dir);
        }
    }

    private void run(List<String> command, int seconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (isRoot()) {
            cmd.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void asOwner(Path dir) throws IOException {
        if (isRoot()) {
            var lookup = dir.getFileSystem().getUserPrincipalLookupService();
            Files.walk(dir).forEach(p -> {
                try {
                    Files.setOwner(p, lookup.lookupPrincipalByName(SUPERUSER));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    static Map<String, String> noEnv() {
        return Map.of();
    }
}
