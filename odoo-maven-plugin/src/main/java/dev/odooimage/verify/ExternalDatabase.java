package dev.odooimage.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.ProcessRunner;

/**
 * An existing PostgreSQL server given as {@code host:port:user:passwordFile}
 * ({@code -Dodoo.smoke.db}). The smoke test creates its own database there and drops it
 * afterwards; it never touches other databases. The role needs CREATEDB.
 */
public final class ExternalDatabase implements SmokeDatabase {
    private final String host;
    private final int port;
    private final String user;
    private final Path passwordFile;
    private final Path pgpass;
    private final Path clientBin;

    private ExternalDatabase(String host, int port, String user, Path passwordFile, Path pgpass, Path clientBin) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.passwordFile = passwordFile;
        this.pgpass = pgpass;
        this.clientBin = clientBin;
    }

    /**
     * @param spec       host:port:user:passwordFile
     * @param secretsDir where the container-readable copy of the password goes
     */
    public static ExternalDatabase parse(String spec, Path secretsDir) {
        String[] f = spec.split(":", 4);
        String usage = "-Dodoo.smoke.db=" + spec + " is not host:port:user:passwordFile"
                + " (example: 127.0.0.1:5432:odoo:/run/secrets/pg-password)";
        if (f.length != 4 || f[0].isBlank() || f[2].isBlank() || f[3].isBlank()) {
            throw new OdooImageException(usage);
        }
        int port;
        try {
            port = Integer.parseInt(f[1]);
        } catch (NumberFormatException e) {
            throw new OdooImageException(usage + ": port '" + f[1] + "' is not a number");
        }
        Path file = Path.of(f[3]);
        String password;
        try {
            password = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new OdooImageException("-Dodoo.smoke.db: cannot read password file " + file + ": " + e.getMessage());
        }
        if (f[2].equals("postgres")) {
            throw new OdooImageException("-Dodoo.smoke.db: Odoo refuses to connect as 'postgres'; give a role with"
                    + " CREATEDB instead");
        }
        Path pgpass = SmokeDatabase.secretFile(secretsDir.resolve("pgpass"), "pgpass",
                "*:*:*:" + f[2].replace(":", "\\:") + ":" + password.replace("\\", "\\\\").replace(":", "\\:") + "\n");
        try {
            Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path bin = HostPostgres.findBinaries().filter(b -> Files.isExecutable(b.resolve("createdb")))
                .orElse(null);
        return new ExternalDatabase(f[0], port, f[2], SmokeDatabase.secretFile(secretsDir, "db_password", password),
                pgpass, bin);
    }

    private void client(String tool, List<String> extra, String database) {
        List<String> cmd = new ArrayList<>();
        cmd.add(clientBin != null ? clientBin.resolve(tool).toString() : tool);
        cmd.addAll(List.of("-h", host, "-p", Integer.toString(port), "-U", user));
        cmd.addAll(extra);
        cmd.add(database);
        ProcessRunner.Result r = ProcessRunner.run(cmd, Duration.ofMinutes(2),
                Map.of("PGPASSFILE", pgpass.toString()), null);
        if (!r.ok()) {
            throw new OdooImageException(tool + " " + database + " on " + host + ":" + port + " failed: " + r.tail(5)
                    + (r.exitCode() == 127 ? " (install the PostgreSQL client: apt-get install postgresql-client)"
                            : ""));
        }
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public Path passwordFile() {
        return passwordFile;
    }

    @Override
    public String description() {
        return "existing PostgreSQL " + host + ":" + port + " as " + user;
    }

    @Override
    public void createDatabase(String name) {
        client("createdb", List.of("-E", "UTF8", "-T", "template0"), name);
    }

    @Override
    public void dropDatabase(String name) {
        client("dropdb", List.of("--if-exists"), name);
    }

    @Override
    public void close() {
        // the server is not ours; the runner drops its database
    }
}
