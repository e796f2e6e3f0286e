package dev.odooimage.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.ProcessRunner;

/**
 * A throw-away PostgreSQL in a container of the engine's postgres image (official image
 * conventions: POSTGRES_USER, POSTGRES_PASSWORD_FILE), on the host network at a free
 * loopback port. Used when that image is present or can be pulled.
 */
public final class ContainerPostgres implements SmokeDatabase {
    private final ContainerEngine engine;
    private final String container;
    private final int port;
    private final Path passwordFile;
    private final String image;

    private ContainerPostgres(ContainerEngine engine, String container, int port, Path passwordFile, String image) {
        this.engine = engine;
        this.container = container;
        this.port = port;
        this.passwordFile = passwordFile;
        this.image = image;
    }

    /** Starts one, or returns empty (with the reason in notes) when the image is not available. */
    public static Optional<ContainerPostgres> tryStart(ContainerEngine engine, String image, Path secretsDir,
            List<String> notes) {
        boolean present = engine.run(Duration.ofSeconds(30), "image", "exists", image).ok()
                || engine.run(Duration.ofSeconds(30), "image", "inspect", image).ok();
        if (!present) {
            ProcessRunner.Result pull = engine.run(Duration.ofMinutes(5), "pull", image);
            if (!pull.ok()) {
                notes.add("postgres image " + image + " cannot be pulled: " + pull.tail(1));
                return Optional.empty();
            }
        }
        String password = SmokeDatabase.randomPassword();
        Path pw = SmokeDatabase.secretFile(secretsDir, "db_password", password);
        int port = SmokeDatabase.freePort();
        String name = "odoo-smoke-pg-" + UUID.randomUUID().toString().substring(0, 8);
        ContainerPostgres pg = new ContainerPostgres(engine, name, port, pw, image);
        ProcessRunner.Result r = engine.run(Duration.ofMinutes(2), "run", "-d", "--name", name, "--network", "host",
                "-e", "POSTGRES_USER=" + HostPostgres.USER, "-e", "POSTGRES_PASSWORD_FILE=/run/secrets/db_password",
                "-v", pw + ":/run/secrets/db_password:ro", image,
                "-c", "listen_addresses=127.0.0.1", "-c", "port=" + port, "-c", "fsync=off");
        if (!r.ok()) {
            pg.close();
            notes.add("postgres container from " + image + " did not start: " + r.tail(2));
            return Optional.empty();
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            // The official entrypoint restarts the server once after init: wait for the final one.
            if (engine.run(Duration.ofSeconds(20), "exec", name, "pg_isready", "-h", "127.0.0.1", "-p",
                    Integer.toString(port)).ok()
                    && engine.run(Duration.ofSeconds(20), "exec", name, "psql", "-p",
                            Integer.toString(port), "-U", HostPostgres.USER, "-d", "postgres", "-c", "select 1")
                            .output().contains("1 row")) {
                return Optional.of(pg);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        pg.close();
        notes.add("postgres container from " + image + " did not become ready");
        return Optional.empty();
    }

    private void client(String... args) {
        // Inside the server's container the local socket trusts its user: no password needed.
        ProcessRunner.Result r = engine.run(Duration.ofMinutes(2), List.of(
                concat(new String[] {"exec", container}, args)));
        if (!r.ok()) {
            throw new OdooImageException(String.join(" ", args) + " failed: " + r.tail(3));
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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
        return HostPostgres.USER;
    }

    @Override
    public Path passwordFile() {
        return passwordFile;
    }

    @Override
    public String description() {
        return "throw-away PostgreSQL container " + image + " on 127.0.0.1:" + port;
    }

    @Override
    public void createDatabase(String name) {
        client("createdb", "-p", Integer.toString(port), "-U", HostPostgres.USER, "-E", "UTF8", "-T", "template0",
                name);
    }

    @Override
    public void dropDatabase(String name) {
        client("dropdb", "-p", Integer.toString(port), "-U", HostPostgres.USER, "--if-exists", name);
    }

    @Override
    public void close() {
        engine.removeContainer(container);
    }
}
