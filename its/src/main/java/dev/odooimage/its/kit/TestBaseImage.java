package dev.odooimage.its.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The Debian base image the end-to-end tests build client images FROM (no public registry can be
 * reached here): {@code debootstrap --variant=minbase --include=python3,ca-certificates bookworm}
 * from the Debian mirror the host's apt uses, plus:
 * <ul>
 * <li>user and group {@code odoo}, uid/gid 1000, home {@code /var/lib/odoo} (owned 1000:1000,
 * mode 0755), shell {@code /usr/sbin/nologin}: the image step may rely on this account;</li>
 * <li>no apt caches, apt lists, logs, device nodes, or host resolv.conf/hostname;</li>
 * <li>config: {@code PATH} as Debian's, {@code LANG=C.UTF-8}, {@code Cmd ["/bin/bash"]}, label
 * {@code dev.odooimage.test-base.recipe=<key>}.</li>
 * </ul>
 *
 * <p>Output: a docker-save tarball (one gzip-compressed layer, {@code RepoTags
 * ["odoo-test-base:bookworm"]}) that Jib takes as {@code tar://<path>} base and podman/docker can
 * {@code load}, and {@link #pushTo(LocalRegistry)} to serve it from a {@link LocalRegistry} (Jib
 * then needs {@code -Djib.allowInsecureRegistries=true}, the registry being plain HTTP).
 *
 * <p>Cache: {@code ~/.cache/odoo-image-maven/test-base/<key>/} (override the root with
 * {@code -Dits.cache.dir} or {@code $ODOO_IMAGE_TEST_CACHE}), where {@code key} is the sha256 of
 * {@link #recipe()} (suite, variant, packages, architecture, user, cleanup, format version; not the
 * mirror). A build happens in a {@code .build-*} sibling and is moved into place atomically with a
 * {@code COMPLETE} marker written last, so a half-built cache is never trusted. {@code info.properties}
 * records the interpreter of the image (python.version, python.soabi, python.platform ...) for
 * the Python-environment step. Building needs root (debootstrap, chroot), {@code debootstrap},
 * {@code tar}; about 1 minute and ~150 MB.
 */
public final class TestBaseImage {

    /** Bump when the build steps change in a way the recipe text does not show. */
    public static final int FORMAT_VERSION = 2;
    public static final String SUITE = "bookworm";
    public static final String VARIANT = "minbase";
    public static final List<String> PACKAGES = List.of("python3", "ca-certificates");
    public static final String REPOSITORY = "odoo-test-base";
    public static final String TAG = SUITE;
    public static final int ODOO_UID = 1000;
    public static final String ODOO_HOME = "/var/lib/odoo";
    private static final String PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Path dir;
    private final boolean built;
    private final Properties info;

    private TestBaseImage(Path dir, boolean built, Properties info) {
        this.dir = dir;
        this.built = built;
        this.info = info;
    }

    /** The cached image, built first when missing (needs root). */
    public static TestBaseImage get() {
        return get(cacheRoot(), List.of());
    }

    /**
     * A variant with {@code extraPackages} installed as well (e.g. {@code libpq5} for a psycopg2
     * built from source): its own recipe, cache entry and tag {@code bookworm-<key>}.
     */
    public static TestBaseImage get(List<String> extraPackages) {
        return get(cacheRoot(), extraPackages);
    }

    /** The image with {@code extraPackages} cached under {@code root}, built first when missing. */
    public static synchronized TestBaseImage get(Path root, List<String> extraPackages) {
        Recipe recipe = new Recipe(extraPackages);
        Path target = root.resolve(recipe.key());
        TestBaseImage cached = cached(target);
        if (cached != null) {
            return cached;
        }
        try {
            Files.createDirectories(root);
            // one build at a time across processes (parallel test JVMs, several checkouts): the
            // others wait here and then find the finished image
            try (FileChannel ch = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                cached = cached(target);
                if (cached != null) {
                    return cached;
                }
                build(root, target, recipe);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the test base image cache " + root, e);
        }
        TestBaseImage fresh = cached(target);
        if (fresh == null) {
            throw new IllegalStateException("built test base image is incomplete: " + target);
        }
        return new TestBaseImage(fresh.dir, true, fresh.info);
    }

    /** The complete cached image in {@code dir}, or null (missing or half-built). */
    public static TestBaseImage cached(Path dir) {
        if (!Files.isRegularFile(dir.resolve("COMPLETE")) || !Files.isRegularFile(dir.resolve("image.tar"))
                || !Files.isRegularFile(dir.resolve("info.properties"))) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("info.properties"))) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        return new TestBaseImage(dir, false, p);
    }

    /** {@code its.cache.dir}, {@code $ODOO_IMAGE_TEST_CACHE}, or ~/.cache/odoo-image-maven/test-base. */
    public static Path cacheRoot() {
        String prop = System.getProperty("its.cache.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("ODOO_IMAGE_TEST_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "odoo-image-maven", "test-base");
    }

    /** The text that defines the default image; its sha256 is the cache key. */
    public static String recipe() {
        return new Recipe(List.of()).text();
    }

    /** Cache key of the default image: the first 16 hex digits of sha256(recipe). */
    public static String key() {
        return new Recipe(List.of()).key();
    }

    /** What defines one image: the default packages plus extras. */
    private record Recipe(List<String> extra) {
        Recipe {
            extra = extra.stream().filter(p -> !PACKAGES.contains(p)).distinct().sorted().toList();
        }

        String includes() {
            List<String> all = new ArrayList<>(PACKAGES);
            all.addAll(extra);
            return String.join(",", all);
        }

        String text() {
            return String.join("\n",
                    "format=" + FORMAT_VERSION,
                    "debootstrap --variant=" + VARIANT + " --include=" + includes() + " " + SUITE,
                    "arch=" + architecture(),
                    "user=odoo uid=" + ODOO_UID + " gid=" + ODOO_UID + " home=" + ODOO_HOME + " shell=/usr/sbin/nologin",
                    "clean=apt-caches,apt-lists,logs,dev,resolv.conf,hostname",
                    "config=" + PATH_ENV + ";LANG=C.UTF-8;Cmd=/bin/bash",
                    "tag=" + REPOSITORY + ":" + (extra.isEmpty() ? TAG : TAG + "-<key>"),
                    "layer=gzip", "");
        }

        String key() {
            return sha256(text().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        }

        String tag() {
            return extra.isEmpty() ? TAG : TAG + "-" + key();
        }
    }

    /** The Debian mirror to debootstrap from: {@code its.debian.mirror}, $DEBIAN_MIRROR, apt's, deb.debian.org. */
    public static String mirror() {
        String m = System.getProperty("its.debian.mirror", System.getenv("DEBIAN_MIRROR"));
        if (m != null && !m.isBlank()) {
            return m;
        }
        return AptSources.debianMirror(Path.of("/etc/apt"), SUITE).orElse("http://deb.debian.org/debian");
    }

    /** Null when this machine can build the image (or it is cached), else why not. */
    public static String unavailableReason() {
        if (cached(cacheRoot().resolve(key())) != null) {
            return null;
        }
        if (!Procs.isRoot()) {
            return "building the test base image needs root (debootstrap, chroot)";
        }
        if (Procs.which("debootstrap") == null) {
            return "no debootstrap (install the Debian package debootstrap)";
        }
        return null;
    }

    public Path dir() {
        return dir;
    }

    /** The docker-save archive. */
    public Path tarball() {
        return dir.resolve("image.tar");
    }

    /** {@code tar://<absolute path>}: the Jib base image reference of the archive. */
    public String jibTarReference() {
        return "tar://" + tarball().toAbsolutePath();
    }

    /** Whether this call built the image (false: taken from the cache). */
    public boolean wasBuilt() {
        return built;
    }

    /** Facts recorded at build time: python.version, python.soabi, python.platform, debian.version, ... */
    public Properties info() {
        Properties copy = new Properties();
        copy.putAll(info);
        return copy;
    }

    /** E.g. {@code 3.11.2}. */
    public String pythonVersion() {
        return info.getProperty("python.version");
    }

    /** {@code odoo-test-base:bookworm} (variants: {@code odoo-test-base:bookworm-<key>}). */
    public String reference() {
        return info.getProperty("reference", REPOSITORY + ":" + TAG);
    }

    /** Pushes the image to {@code registry} under {@link #reference()}. */
    public LocalRegistry.Pushed pushTo(LocalRegistry registry) {
        String ref = reference();
        return registry.push(tarball(), ref.substring(0, ref.indexOf(':')), ref.substring(ref.indexOf(':') + 1));
    }

    // ------------------------------------------------------------------ build

    private static void build(Path root, Path target, Recipe recipe) {
        String reason = unavailableReason();
        if (reason != null) {
            throw new IllegalStateException(reason);
        }
        try {
            removeStaleBuilds(root);
            Path work = Files.createTempDirectory(root, ".build-");
            Path rootfs = work.resolve("rootfs");
            String mirror = mirror();
            System.err.println("[kit] building test base image " + recipe.key() + " (" + recipe.includes() + ") from "
                    + mirror + " in " + work);
            run(work, "debootstrap", List.of("debootstrap", "--variant=" + VARIANT,
                    "--include=" + recipe.includes(), SUITE, rootfs.toString(), mirror), Duration.ofMinutes(30));
            run(work, "user", List.of("chroot", rootfs.toString(), "groupadd", "-g", String.valueOf(ODOO_UID), "odoo"),
                    Duration.ofMinutes(1));
            run(work, "user", List.of("chroot", rootfs.toString(), "useradd", "-u", String.valueOf(ODOO_UID), "-g",
                    String.valueOf(ODOO_UID), "-d", ODOO_HOME, "-M", "-s", "/usr/sbin/nologin", "odoo"),
                    Duration.ofMinutes(1));
            run(work, "user", List.of("install", "-d", "-o", String.valueOf(ODOO_UID), "-g", String.valueOf(ODOO_UID),
                    "-m", "0755", rootfs + ODOO_HOME), Duration.ofMinutes(1));
            Properties info = probe(work, rootfs, mirror, recipe);
            clean(rootfs);
            writeArchive(work, rootfs, recipe);
            try (var out = Files.newOutputStream(work.resolve("info.properties"))) {
                info.store(out, "odoo-image-maven test base image " + recipe.key());
            }
            Files.writeString(work.resolve("recipe.txt"), recipe.text());
            Postgres.deleteTree(rootfs);
            Files.writeString(work.resolve("COMPLETE"), Instant.now() + "\n");
            if (Files.exists(target) && cached(target) == null) {
                // a directory without COMPLETE (copied by hand, older kit): never trusted, replaced
                Postgres.deleteTree(target);
            }
            try {
                Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IllegalStateException("cache dir must be on one file system: " + root, e);
            } catch (IOException e) {
                if (cached(target) == null) {
                    throw e;
                }
                // another build finished first (ENOTEMPTY/EEXIST); its result is as good as ours
                Postgres.deleteTree(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the test base image", e);
        }
    }

    private static void removeStaleBuilds(Path root) throws IOException {
        Instant cutoff = Instant.now().minus(Duration.ofHours(6));
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".build-")).toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    Postgres.deleteTree(p);
                }
            }
        }
    }

    private static Properties probe(Path work, Path rootfs, String mirror, Recipe recipe) throws IOException {
        String out = run(work, "probe", List.of("chroot", rootfs.toString(), "/usr/bin/python3", "-c",
                "import sys, sysconfig, platform\n"
                        + "print('python.version=' + platform.python_version())\n"
                        + "print('python.soabi=' + sysconfig.get_config_var('SOABI'))\n"
                        + "print('python.platform=' + sysconfig.get_platform())\n"
                        + "print('python.executable=/usr/bin/python3')\n"
                        + "print('python.implementation=' + platform.python_implementation())\n"),
                Duration.ofMinutes(1));
        Properties p = new Properties();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("python.") && eq > 0) {
                p.setProperty(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        p.setProperty("debian.version", Files.readString(rootfs.resolve("etc/debian_version")).strip());
        p.setProperty("debian.suite", SUITE);
        p.setProperty("debian.mirror", mirror);
        p.setProperty("architecture", architecture());
        p.setProperty("odoo.uid", String.valueOf(ODOO_UID));
        p.setProperty("odoo.gid", String.valueOf(ODOO_UID));
        p.setProperty("odoo.home", ODOO_HOME);
        p.setProperty("reference", REPOSITORY + ":" + recipe.tag());
        p.setProperty("recipe.key", recipe.key());
        p.setProperty("packages", recipe.includes());
        return p;
    }

    private static void clean(Path rootfs) throws IOException {
        for (String dir : List.of("var/cache/apt", "var/lib/apt/lists", "var/log", "dev", "tmp", "var/tmp",
                "var/cache/debconf")) {
            Path d = rootfs.resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    for (Path p : s.toList()) {
                        if (dir.equals("var/cache/debconf") && !p.getFileName().toString().endsWith("-old")) {
                            continue;
                        }
                        Postgres.deleteTree(p);
                    }
                }
            }
        }
        Files.createDirectories(rootfs.resolve("var/lib/apt/lists/partial"));
        Files.createDirectories(rootfs.resolve("var/cache/apt/archives/partial"));
        // host facts debootstrap copied in do not belong in an image
        Files.deleteIfExists(rootfs.resolve("etc/resolv.conf"));
        Files.writeString(rootfs.resolve("etc/hostname"), "");
        try (Stream<Path> s = Files.list(rootfs.resolve("var/lib/dpkg"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith("-old")).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void writeArchive(Path work, Path rootfs, Recipe recipe) throws IOException {
        Path staging = work.resolve("archive");
        Files.createDirectories(staging);
        Path layer = work.resolve("layer.tar");
        List<String> tar = new ArrayList<>(List.of("tar", "--numeric-owner", "--sort=name", "--format=gnu",
                "-C", rootfs.toString(), "-cf", layer.toString()));
        try (Stream<Path> s = Files.list(rootfs)) {
            s.map(p -> p.getFileName().toString()).sorted().forEach(tar::add);
        }
        run(work, "tar", tar, Duration.ofMinutes(10));
        String diff = sha256(layer);
        Path layerDir = Files.createDirectories(staging.resolve(diff));
        // gzip once here: Jib compresses an uncompressed tar:// base layer on every fresh build
        // (its cache is per project); podman, docker and skopeo load gzip layers as they are
        try (InputStream in = Files.newInputStream(layer);
                var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(layerDir.resolve("layer.tar")), 1 << 16)) {
            in.transferTo(out);
        }
        Files.delete(layer);
        String created = "2024-01-01T00:00:00Z";
        String config = "{\"architecture\":\"" + architecture() + "\",\"os\":\"linux\",\"created\":\"" + created + "\","
                + "\"config\":{\"Env\":[\"" + PATH_ENV + "\",\"LANG=C.UTF-8\"],\"Cmd\":[\"/bin/bash\"],"
                + "\"Labels\":{\"dev.odooimage.test-base.recipe\":\"" + recipe.key() + "\"}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + diff + "\"]},"
                + "\"history\":[{\"created\":\"" + created + "\",\"created_by\":\"debootstrap --variant=" + VARIANT
                + " --include=" + recipe.includes() + " " + SUITE + " (odoo-image-maven test base)\"}]}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String configName = sha256(configBytes) + ".json";
        Files.write(staging.resolve(configName), configBytes);
        Files.writeString(staging.resolve("manifest.json"), "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\""
                + REPOSITORY + ":" + recipe.tag() + "\"],\"Layers\":[\"" + diff + "/layer.tar\"]}]");
        Files.writeString(staging.resolve("repositories"),
                "{\"" + REPOSITORY + "\":{\"" + recipe.tag() + "\":\"" + diff + "\"}}");
        run(work, "tar", List.of("tar", "--numeric-owner", "--owner=0", "--group=0", "--sort=name", "-C",
                staging.toString(), "-cf", work.resolve("image.tar").toString(), "manifest.json", "repositories",
                configName, diff), Duration.ofMinutes(10));
        Postgres.deleteTree(staging);
    }

    private static String run(Path work, String step, List<String> cmd, Duration timeout) {
        Procs.Result r = Procs.run(cmd, work, Map.of("LC_ALL", "C", "DEBIAN_FRONTEND", "noninteractive"), null,
                timeout, work.resolve("build-" + step + ".log"));
        if (!r.ok()) {
            throw new IllegalStateException("test base image step '" + step + "' failed (exit " + r.exitCode()
                    + "): " + String.join(" ", cmd) + "\n" + Procs.tail(r.output(), 40));
        }
        return r.output();
    }

    static String architecture() {
        Procs.Result r = Procs.run("dpkg", "--print-architecture");
        if (r.ok()) {
            return r.output().strip();
        }
        String arch = System.getProperty("os.arch");
        return arch.equals("x86_64") ? "amd64" : arch.equals("aarch64") ? "arm64" : arch;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
