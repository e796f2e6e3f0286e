package dev.odooimage.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.ProcessRunner;

/**
 * A throw-away PostgreSQL server on the host: initdb into a temp directory, pg_ctl start
 * on a free loopback port, scram-sha-256 password authentication. When the build runs as
 * root (PostgreSQL refuses to), the server runs as the {@code postgres} user, else
 * {@code nobody}, through runuser.
 */
public final class HostPostgres implements SmokeDatabase {
    public static final String USER = "odoo_smoke";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final String runAs;
    private final Path passwordFile;
    private final Path pgpass;
    private final String version;
    private boolean running;

    private HostPostgres(Path bin, Path dir, int port, String runAs, Path passwordFile, Path pgpass, String version) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.runAs = runAs;
        this.passwordFile = passwordFile;
        this.pgpass = pgpass;
        this.version = version;
    }

    /** The newest PostgreSQL server bin directory of the host, if any. */
    public static Optional<Path> findBinaries() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> s = Files.list(debian)) {
                Optional<Path> best = s.map(p -> p.resolve("bin"))
                        .filter(p -> Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl")))
                        .max(Comparator.comparingDouble(HostPostgres::versionOf));
                if (best.isPresent()) {
                    return best;
                }
            } catch (IOException e) {
                // fall through to PATH
            }
        }
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dirName.isEmpty() ? "." : dirName);
            if (Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static double versionOf(Path bin) {
        try {
            return Double.parseDouble(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Starts a fresh server; {@code secretsDir} receives the password file for containers. */
    public static HostPostgres start(Path bin, Path secretsDir) {
        boolean root = "root".equals(System.getProperty("user.name"));
        String runAs = root ? (userExists("postgres") ? "postgres" : "nobody") : null;
        Path dir;
        try {
            dir = Files.createTempDirectory("odoo-smoke-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory for PostgreSQL", e);
        }
        String password = SmokeDatabase.randomPassword();
        int port = SmokeDatabase.freePort();
        Path pgpass = SmokeDatabase.secretFile(secretsDir.resolve("pgpass"), "pgpass",
                "*:*:*:" + USER + ":" + password + "\n");
        try {
            Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HostPostgres pg = new HostPostgres(bin, dir, port, runAs,
                SmokeDatabase.secretFile(secretsDir, "db_password", password), pgpass, bin.getParent() == null ? ""
                        : bin.getParent().getFileName().toString());
        try {
            Path pwfile = dir.resolve("pwfile");
            Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
            if (runAs != null) {
                chown(dir, runAs);
                chown(pwfile, runAs);
            }
            pg.exec("initdb", List.of("-D", pg.data.toString(), "-U", USER, "--pwfile=" + pwfile,
                    "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"));
            Files.delete(pwfile);
            pg.exec("pg_ctl", List.of("-D", pg.data.toString(), "-l", dir.resolve("server.log").toString(), "-w",
                    "-t", "60", "-o", "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories="
                            + dir + " -c fsync=off -c full_page_writes=off", "start"));
            pg.running = true;
            return pg;
        } catch (RuntimeException | IOException e) {
            pg.close();
            if (e instanceof OdooImageException oe) {
                throw oe;
            }
            throw new OdooImageException("cannot start a throw-away PostgreSQL from " + bin + ": " + e.getMessage(), e);
        }
    }

    private static boolean userExists(String name) {
        return ProcessRunner.run(List.of("id", "-u", name), Duration.ofSeconds(10)).ok();
    }

    private static void chown(Path p, String user) throws IOException {
        UserPrincipal u = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(p, u);
    }

    private ProcessRunner.Result exec(String tool, List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (runAs != null) {
            cmd.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(args);
        ProcessRunner.Result r = ProcessRunner.run(cmd, TIMEOUT, Map.of("PGPASSFILE", pgpass.toString()), dir);
        if (!r.ok()) {
            throw new OdooImageException(tool + " failed (exit " + r.exitCode() + "): " + r.tail(8));
        }
        return r;
    }

    private void client(String tool, String database) {
        // Clients run as the build user: they authenticate with the password over TCP.
        List<String> cmd = new ArrayList<>(List.of(bin.resolve(tool).toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", USER));
        if (tool.equals("createdb")) {
            cmd.addAll(List.of("-E", "UTF8", "-T", "template0"));
        } else {
            cmd.add("--if-exists");
        }
        cmd.add(database);
        ProcessRunner.Result r = ProcessRunner.run(cmd, TIMEOUT, Map.of("PGPASSFILE", pgpass.toString()), null);
        if (!r.ok()) {
            throw new OdooImageException(tool + " " + database + " failed: " + r.tail(5));
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public Path passwordFile() {
        return passwordFile;
    }

    @Override
    public String description() {
        return "throw-away host PostgreSQL " + version + " on 127.0.0.1:" + port
                + (runAs != null ? " (running as " + runAs + ")" : "");
    }

    @Override
    public void createDatabase(String name) {
        client("createdb", name);
    }

    @Override
    public void dropDatabase(String name) {
        client("dropdb", name);
    }

    /** Whether the server process is up (for tests and diagnostics). */
    public boolean isRunning() {
        return running && Files.exists(data.resolve("postmaster.pid"));
    }

    public Path dataDirectory() {
        return data;
    }

    @Override
    public void close() {
        try {
            if (running) {
                exec("pg_ctl", List.of("-D", data.toString(), "-m", "immediate", "-w", "-t", "30", "stop"));
            }
        } catch (RuntimeException e) {
            // best effort: the directory is removed below; a stray server dies with its files
        } finally {
            running = false;
            try {
                AtomicFiles.deleteRecursively(dir);
            } catch (IOException e) {
                // a temp directory; nothing else to do
            }
        }
    }
}
