package dev.odooimage.its.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The real Odoo 16.0 Community core of {@code ../shared/fixtures/odoo-16.0-core.tar.xz} (see
 * that directory's README) as a git repository with a {@code 16.0} branch, for tests and the
 * example script that must meet what real Odoo needs (pkg_resources, python-ldap, 500 manifests).
 * <p>
 * The tarball: {@code -Dodoo.its.realOdoo=PATH}, else {@code $ODOO_ITS_REAL_ODOO}, else
 * {@code ../shared/fixtures/odoo-16.0-core.tar.xz} from the repository root ({@code its.root},
 * else the working directory and its parent). Unpacking 4,000 files and committing them costs
 * seconds, so it happens once per tarball: the bare repository is cached under
 * {@code ~/.cache/odoo-image-maven/real-odoo/<sha256 of the tarball, 16 hex>/odoo.git}
 * ({@code -Dits.realOdoo.cache} moves the root), built under a file lock and moved into place
 * with a {@code COMPLETE} marker like the test base image. {@link #repository(Path)} gives each
 * test a cheap clone ({@code git clone --bare --shared}) in its own fixtures directory, so
 * {@link GitDaemon} serves it as {@code odoo}. The commit has a fixed author and date: the same
 * tarball gives the same SHA everywhere.
 */
public final class RealOdoo {
    public static final String SERIES = "16.0";
    public static final String FILE_NAME = "odoo-16.0-core.tar.xz";
    /** The sha256 that ../shared/fixtures/README.md documents. */
    public static final String DOCUMENTED_SHA256 = "12da92f30ec081f8a6ab6a2ceabab6c639d5b97019bfe30eef70a66a477d4f3c";
    private static final String DATE = "2024-01-01T00:00:00Z";

    private final Path tarball;
    private final String sha256;

    private RealOdoo(Path tarball, String sha256) {
        this.tarball = tarball;
        this.sha256 = sha256;
    }

    /** The tarball, or null when there is none. */
    public static Path tarballPath() {
        String prop = System.getProperty("odoo.its.realOdoo");
        if (prop == null || prop.isBlank()) {
            prop = System.getenv("ODOO_ITS_REAL_ODOO");
        }
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath().normalize();
            return Files.isRegularFile(p) ? p : null;
        }
        String root = System.getProperty("its.root");
        for (Path base : root != null ? List.of(Path.of(root)) : List.of(Path.of(""), Path.of(".."))) {
            Path p = base.toAbsolutePath().resolve("../shared/fixtures").resolve(FILE_NAME).normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** Why the real core cannot be used here, or null. */
    public static String unavailableReason() {
        if (tarballPath() == null) {
            return "no real Odoo core: ../shared/fixtures/" + FILE_NAME + " is absent (CI has it; or"
                    + " -Dodoo.its.realOdoo=PATH)";
        }
        return Procs.onPath("git") && Procs.onPath("tar") && Procs.onPath("xz") ? null
                : "git, tar and xz are needed to unpack the real Odoo core";
    }

    /** The real core; fails when it is unavailable (check {@link #unavailableReason()} first). */
    public static RealOdoo get() {
        String reason = unavailableReason();
        if (reason != null) {
            throw new IllegalStateException(reason);
        }
        Path t = tarballPath();
        return new RealOdoo(t, sha256(t));
    }

    public Path tarball() {
        return tarball;
    }

    public String sha256() {
        return sha256;
    }

    /**
     * A bare repository {@code odoo.git} (branch 16.0, one commit) in {@code fixturesRoot},
     * sharing the objects of the cached one. Returns the commit.
     */
    public String repository(Path fixturesRoot) {
        Path cached = cachedRepository();
        Path target = fixturesRoot.resolve("odoo.git");
        try {
            Files.createDirectories(fixturesRoot);
            if (Files.exists(target)) {
                Postgres.deleteTree(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + fixturesRoot, e);
        }
        git(fixturesRoot, List.of("clone", "--quiet", "--bare", "--shared", cached.toString(), target.toString()));
        return git(target, List.of("rev-parse", SERIES)).strip();
    }

    /** The cached bare repository, built once per tarball. */
    public synchronized Path cachedRepository() {
        Path root = cacheRoot();
        Path dir = root.resolve(sha256.substring(0, 16));
        if (Files.isRegularFile(dir.resolve("COMPLETE"))) {
            return dir.resolve("odoo.git");
        }
        try {
            Files.createDirectories(root);
            try (FileChannel ch = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                if (!Files.isRegularFile(dir.resolve("COMPLETE"))) {
                    build(root, dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the real Odoo repository cache in " + root, e);
        }
        return dir.resolve("odoo.git");
    }

    private void build(Path root, Path dir) throws IOException {
        long t0 = System.nanoTime();
        Path work = Files.createTempDirectory(root, ".build-");
        Procs.Result untar = Procs.run(List.of("tar", "-xJf", tarball.toString(), "-C", work.toString()), null,
                Map.of(), null, Duration.ofMinutes(10), work.resolve("tar.log"));
        if (untar.exitCode() != 0) {
            throw new IllegalStateException("cannot unpack " + tarball + ":\n" + Procs.tail(untar.output(), 20));
        }
        Path tree = work.resolve("odoo-16.0-core");
        if (!Files.isRegularFile(tree.resolve("odoo-bin"))) {
            throw new IllegalStateException(tarball + " does not unpack to odoo-16.0-core/odoo-bin");
        }
        git(tree, List.of("init", "--quiet", "--initial-branch=" + SERIES));
        git(tree, List.of("add", "--all"));
        git(tree, List.of("commit", "--quiet", "--no-gpg-sign", "-m", "Odoo 16.0 core (" + FILE_NAME + " sha256 "
                + sha256 + ")"));
        git(work, List.of("clone", "--quiet", "--bare", tree.toString(), work.resolve("odoo.git").toString()));
        git(work.resolve("odoo.git"), List.of("gc", "--quiet"));
        Postgres.deleteTree(tree);
        Files.writeString(work.resolve("COMPLETE"), tarball + "\n");
        if (Files.exists(dir)) {
            Postgres.deleteTree(dir); // without COMPLETE: never trusted
        }
        try {
            Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IllegalStateException("cache dir must be on one file system: " + root, e);
        }
        System.err.printf("[kit] real Odoo core committed into %s in %d ms%n", dir.resolve("odoo.git"),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** {@code its.realOdoo.cache}, else ~/.cache/odoo-image-maven/real-odoo. */
    public static Path cacheRoot() {
        String prop = System.getProperty("its.realOdoo.cache");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "odoo-image-maven", "real-odoo");
    }

    private static String git(Path dir, List<String> args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "core.autocrlf=false", "-c",
                "core.fileMode=true", "-c", "init.defaultBranch=" + SERIES));
        cmd.addAll(args);
        Procs.Result r = Procs.run(cmd, dir, Map.of("GIT_AUTHOR_NAME", "Fixture Bot", "GIT_AUTHOR_EMAIL",
                "fixture@odooimage.dev", "GIT_COMMITTER_NAME", "Fixture Bot", "GIT_COMMITTER_EMAIL",
                "fixture@odooimage.dev", "GIT_AUTHOR_DATE", DATE, "GIT_COMMITTER_DATE", DATE, "GIT_CONFIG_NOSYSTEM",
                "1", "HOME", dir.toString()), null, Duration.ofMinutes(10), null);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("git " + args + " failed in " + dir + ":\n" + Procs.tail(r.output(), 20));
        }
        return r.output();
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For the example script: prints {@code root=}, {@code odoo.url=}, {@code odoo.branch=}, {@code odoo.head=}. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: RealOdoo <fixtures dir>");
            System.exit(2);
        }
        String reason = unavailableReason();
        if (reason != null) {
            System.err.println(reason);
            System.exit(3);
        }
        Path root = Path.of(args[0]).toAbsolutePath();
        String head = get().repository(root);
        System.out.print("root=" + root + "\nseries=" + SERIES + "\nodoo.url=" + "file://" + root.resolve("odoo.git")
                + "\nodoo.branch=" + SERIES + "\nodoo.head=" + head + "\n");
        System.out.flush();
    }
}
