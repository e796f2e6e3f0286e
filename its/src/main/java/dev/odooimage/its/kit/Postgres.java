package dev.odooimage.its.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster: {@code initdb} into a fresh directory under
 * {@code java.io.tmpdir}, {@code pg_ctl start} on a free port of 127.0.0.1 with its unix socket
 * in that directory, {@link #close()} stops it and deletes everything.
 *
 * <p>Binaries: the newest {@code /usr/lib/postgresql/<major>/bin} (Debian's {@code postgresql}
 * package), or {@code $PG_BIN} when set. PostgreSQL refuses to run as root, so when the JVM runs as
 * root (CI, these machines) the server commands run through {@code runuser -u <user>} where
 * {@code <user>} is {@code postgres} when that account exists (Debian's package creates it) and
 * {@code nobody} otherwise; the cluster directory is chowned to that user.
 *
 * <p>Roles: the bootstrap superuser {@value #SUPERUSER} (administration by the kit through the
 * unix socket, always trusted) and an application role {@value #APP_USER} with LOGIN CREATEDB
 * and the password {@link #appPassword()}, for the code under test (Odoo refuses to connect as
 * {@code postgres}). With {@link Auth#PASSWORD} every TCP connection must give the role's password
 * (scram-sha-256), so tests of secret handling can tell a right password from a missing one;
 * with {@link Auth#TRUST} any TCP connection from an allowed address is accepted.
 */
public final class Postgres implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    public static final String APP_USER = "odoo";

    /** How TCP connections authenticate (the unix socket is always trusted, for the kit). */
    public enum Auth { TRUST, PASSWORD }

    private final Path dir;
    private final Path data;
    private final Path socketDir;
    private final Path binDir;
    private final String runAs;
    private final int port;
    private final String appPassword;
    private final Auth auth;
    private final Thread hook;
    private boolean stopped;

    private Postgres(Path dir, Path binDir, String runAs, int port, String appPassword, Auth auth) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.socketDir = dir.resolve("sock");
        this.binDir = binDir;
        this.runAs = runAs;
        this.port = port;
        this.appPassword = appPassword;
        this.auth = auth;
        this.hook = new Thread(this::stopQuietly, "postgres-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts a cluster listening on 127.0.0.1 with trust authentication. */
    public static Postgres start() {
        return start(Auth.TRUST, "127.0.0.1");
    }

    /** Starts a cluster with {@code auth}, listening on {@code listenAddresses} (e.g. "127.0.0.1"). */
    public static Postgres start(Auth auth, String listenAddresses) {
        Path bin = binDir();
        String runAs = Procs.isRoot() ? serviceUser() : null;
        byte[] random = new byte[8];
        new java.security.SecureRandom().nextBytes(random);
        String appPassword = "app-" + java.util.HexFormat.of().formatHex(random);
        Path dir;
        try {
            dir = Files.createTempDirectory("kit-pg");
            Files.createDirectories(dir.resolve("sock"));
            Path pw = dir.resolve("pwfile");
            // the superuser password only matters for TCP with Auth.PASSWORD; the kit uses the socket
            Files.writeString(pw, "superuser-" + appPassword + "\n");
            if (runAs != null) {
                Procs.run("chown", "-R", runAs + ":", dir.toString()).orThrow();
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            String hostAuth = auth == Auth.PASSWORD ? "scram-sha-256" : "trust";
            as(runAs, List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                    "-U", SUPERUSER, "--pwfile=" + pw, "-E", "UTF8", "--locale=C", "--auth-local=trust",
                    "--auth-host=" + hostAuth), dir).orThrow();
            Files.delete(pw);
            // the containers of runtime tests may connect from outside loopback (bridge networks)
            Files.writeString(dir.resolve("data/pg_hba.conf"), "host all all 0.0.0.0/0 " + hostAuth + "\n"
                    + "host all all ::/0 " + hostAuth + "\n", java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a PostgreSQL cluster", e);
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = Ports.free();
            Postgres pg = new Postgres(dir, bin, runAs, port, appPassword, auth);
            try {
                pg.configureAndStart(listenAddresses);
                pg.psql("postgres", "CREATE ROLE " + APP_USER + " LOGIN CREATEDB PASSWORD '" + appPassword + "'");
                return pg;
            } catch (IllegalStateException e) {
                pg.stopQuietly();
                pg.removeHook();
                last = new IllegalStateException(e.getMessage() + "\n" + pg.serverLog(), e);
            }
        }
        deleteTree(dir);
        throw last;
    }

    private void configureAndStart(String listenAddresses) {
        try {
            Files.writeString(data.resolve("postgresql.auto.conf"), String.join("\n",
                    "port = " + port,
                    "listen_addresses = '" + listenAddresses + "'",
                    "unix_socket_directories = '" + socketDir + "'",
                    // throw-away data: durability only costs time here
                    "fsync = off", "synchronous_commit = off", "full_page_writes = off",
                    "shared_buffers = 32MB", "max_connections = 60", "") + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        as(runAs, List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "start"), dir).orThrow();
    }

    /** The {@code bin} directory of the newest PostgreSQL found ($PG_BIN or /usr/lib/postgresql). */
    public static Path binDir() {
        String env = System.getenv("PG_BIN");
        if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
            return Path.of(env);
        }
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(p -> major(p.getFileName().toString())))
                    .map(p -> p.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under " + root
                            + " (install the Debian package postgresql)"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL under " + root
                    + " (install the Debian package postgresql)", e);
        }
    }

    /** Whether PostgreSQL binaries exist here, and why not. */
    public static String unavailableReason() {
        try {
            binDir();
            if (Procs.isRoot() && Procs.which("runuser") == null) {
                return "running as root and no runuser to drop privileges";
            }
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    private static int major(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String serviceUser() {
        return Procs.run("getent", "passwd", "postgres").ok() ? "postgres" : "nobody";
    }

    private static Procs.Result as(String user, List<String> command, Path dir) {
        List<String> cmd = new ArrayList<>();
        if (user != null) {
            cmd.addAll(List.of("runuser", "-u", user, "--"));
        }
        cmd.addAll(command);
        return Procs.run(cmd, dir, Map.of("LC_ALL", "C", "LANG", "C"), null, Duration.ofMinutes(2), null);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The unix socket directory (the kit's own administrative connections go through it). */
    public Path socketDir() {
        return socketDir;
    }

    public Auth auth() {
        return auth;
    }

    public String appUser() {
        return APP_USER;
    }

    /** The password of {@value #APP_USER}; hand it to code under test through a file, never argv. */
    public String appPassword() {
        return appPassword;
    }

    /** Creates database {@code name} owned by {@value #APP_USER}. */
    public void createDatabase(String name) {
        createDatabase(name, APP_USER);
    }

    /** Creates database {@code name} owned by {@code owner}. */
    public void createDatabase(String name, String owner) {
        psql("postgres", "CREATE DATABASE \"" + name + "\" OWNER \"" + owner + "\" TEMPLATE template0 ENCODING 'UTF8'");
    }

    /** Creates a login role; {@code password} may be null (no password). */
    public void createRole(String name, String password, boolean createdb) {
        psql("postgres", "CREATE ROLE \"" + name + "\" LOGIN" + (createdb ? " CREATEDB" : "")
                + (password != null ? " PASSWORD '" + password.replace("'", "''") + "'" : ""));
    }

    /** Whether database {@code name} exists. */
    public boolean databaseExists(String name) {
        return "1".equals(psql("postgres", "SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'"));
    }

    /**
     * Runs {@code sql} in {@code db} as the superuser through the psql CLI (unaligned, tuples only,
     * stops at the first error) and returns its output, trimmed; throws when psql fails.
     */
    public String psql(String db, String sql) {
        Procs.Result r = psqlResult(db, sql);
        if (!r.ok()) {
            throw new IllegalStateException("psql failed in " + db + " (exit " + r.exitCode() + "): " + sql + "\n"
                    + r.output());
        }
        return r.output().strip();
    }

    /** Like {@link #psql} but returns the result, failed or not. */
    public Procs.Result psqlResult(String db, String sql) {
        return Procs.run(List.of(binDir.resolve("psql").toString(), "-X", "-q", "-h", socketDir.toString(),
                "-p", String.valueOf(port), "-U", SUPERUSER, "-d", db, "-v", "ON_ERROR_STOP=1", "-At",
                "-c", sql), null, Map.of("PGCONNECT_TIMEOUT", "10"), null, Duration.ofMinutes(2), null);
    }

    /** The server log (for diagnostics when a test fails). */
    public String serverLog() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    /** Stops the server (fast shutdown); the data stays until {@link #close()}. */
    public synchronized void stop() {
        if (!stopped) {
            as(runAs, List.of(binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w",
                    "stop"), dir);
            stopped = true;
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // best effort at shutdown
        }
    }

    @Override
    public void close() {
        stopQuietly();
        removeHook();
        deleteTree(dir);
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // JVM shutting down
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // leftovers in a temp dir are harmless
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }
}
