package dev.odooimage.its.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * Runs the fixture "odoo" (the {@code odoo-bin} of a {@link GitFixtures} odoo repository) on the
 * host, outside any image: for tests of the fixture itself and of host-side tools. The interpreter
 * is {@code its.python} or {@code /usr/bin/python3}; it needs psycopg2 (Debian package
 * {@code python3-psycopg2}).
 */
public final class FixtureOdoo {

    private final Path checkout;
    private final String python;

    private FixtureOdoo(Path checkout, String python) {
        this.checkout = checkout;
        this.python = python;
    }

    /** Clones {@code url} (branch {@code branch}) into {@code dir} and returns its runner. */
    public static FixtureOdoo checkout(String url, String branch, Path dir) {
        clone(url, branch, dir);
        return new FixtureOdoo(dir, python());
    }

    /** Clones {@code url} at {@code branch} into {@code dir} with JGit (work tree, no submodules). */
    public static Path clone(String url, String branch, Path dir) {
        try (Git git = Git.cloneRepository().setURI(url).setBranch(branch).setDirectory(dir.toFile()).call()) {
            return dir;
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot clone " + url + " " + branch, e);
        }
    }

    /** The interpreter the fixture runs with on the host. */
    public static String python() {
        return System.getProperty("its.python", "/usr/bin/python3");
    }

    /** Null when the host can run the fixture, else why not. */
    public static String unavailableReason() {
        Procs.Result r = Procs.run(python(), "-c", "import psycopg2");
        return r.ok() ? null : python() + " cannot import psycopg2 (install python3-psycopg2): " + r.output().strip();
    }

    public Path dir() {
        return checkout;
    }

    /** odoo/addons and addons of the checkout, the roots Odoo itself uses by default. */
    public List<Path> defaultAddonsRoots() {
        return List.of(checkout.resolve("odoo/addons"), checkout.resolve("addons"));
    }

    /** Runs {@code odoo-bin args} to completion (stdin: {@code stdin} or nothing). */
    public Procs.Result run(List<String> args, String stdin, Path log) {
        List<String> cmd = new ArrayList<>(List.of(python(), checkout.resolve("odoo-bin").toString()));
        cmd.addAll(args);
        return Procs.run(cmd, checkout, Map.of(), stdin, Duration.ofMinutes(3), log);
    }

    /** Starts {@code odoo-bin args} in the background (the server); the caller stops it. */
    public Process start(List<String> args, Path log) {
        List<String> cmd = new ArrayList<>(List.of(python(), checkout.resolve("odoo-bin").toString()));
        cmd.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            return new ProcessBuilder(cmd).directory(checkout.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes an odoo.conf for {@code pg} (application role and its password, the password being in
     * this file only, as a deployment would have it), {@code db}, {@code httpPort} and
     * {@code addonsPath}; returns its path.
     */
    public static Path writeConfig(Path file, Postgres pg, String db, int httpPort, List<Path> addonsPath,
            Path dataDir) {
        List<String> paths = new ArrayList<>();
        addonsPath.forEach(p -> paths.add(p.toAbsolutePath().toString()));
        String conf = String.join("\n", "[options]",
                "db_host = " + pg.host(),
                "db_port = " + pg.port(),
                "db_user = " + pg.appUser(),
                "db_password = " + pg.appPassword(),
                "db_name = " + (db == null ? "False" : db),
                "http_port = " + httpPort,
                "http_interface = 127.0.0.1",
                "addons_path = " + String.join(",", paths),
                "data_dir = " + dataDir.toAbsolutePath(),
                "list_db = False", "") ;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, conf);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
