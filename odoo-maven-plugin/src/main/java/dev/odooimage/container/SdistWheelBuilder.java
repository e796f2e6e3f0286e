package dev.odooimage.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.odooimage.python.BuildRequirements;
import dev.odooimage.python.CompiledWheels;
import dev.odooimage.python.PythonTarget;
import dev.odooimage.python.WheelName;
import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.verify.ContainerEngine;
import dev.odooimage.util.ProcessRunner;

/**
 * Builds an sdist with native code into a wheel for the target in a {@link ThrowAwayContainer}
 * of the builder image (the pinned base + the locked build packages): the sdist and its
 * hash-pinned build requirements mounted read-only, pip (itself one of them) installs them with
 * {@code --require-hashes} from that directory, no index, then {@code pip wheel
 * --no-build-isolation} builds the unpacked sdist at a fixed path (paths end up in debug info).
 * The wheel's tags must fit the target ({@code linux_<arch>}: built on the image's own base).
 * <p>
 * Cached under {@code <cache>/<key>/} by (recipe, sdist sha256, builder inputs = base digest and
 * build-packages lock, build requirements, target); the entry is moved into place only after a
 * successful, checked build, so a build that fails, times out or whose engine dies caches nothing.
 */
public final class SdistWheelBuilder implements CompiledWheels {
    static final String RECIPE = "compiled-wheel/1 pip-wheel-no-isolation /build/src SOURCE_DATE_EPOCH=315532800";
    private static final String PROVIDERS = "library-providers.properties";
    // 1980-01-01: the oldest time a zip entry can hold (wheel clamps SOURCE_DATE_EPOCH to it anyway)
    private static final String EPOCH = "315532800";
    private static final String SCRIPT = String.join("\n",
            "set -e",
            "py=\"$1\"; sdist=\"$2\"; pipwhl=\"$3\"",
            "export HOME=/build/home TMPDIR=/build/tmp PIP_CONFIG_FILE=/dev/null PIP_NO_INPUT=1"
                    + " PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1",
            "mkdir -p \"$HOME\" \"$TMPDIR\" /build/deps /build/src /build/wheel",
            "echo '@@odoo-step install-build-requirements'",
            "\"$py\" -I \"/reqs/$pipwhl/pip\" install --quiet --no-index --find-links /reqs --require-hashes"
                    + " --no-deps --no-compile --target /build/deps -r /reqs/build-requirements.txt",
            "echo '@@odoo-step unpack'",
            "\"$py\" -I -c 'import shutil, sys; shutil.unpack_archive(sys.argv[1], \"/build/src\")' \"/sdist/$sdist\"",
            "cd /build/src/*/",
            "echo '@@odoo-step build'",
            "PYTHONPATH=/build/deps \"$py\" -m pip wheel --no-index --no-deps --no-build-isolation"
                    + " --wheel-dir /build/wheel .",
            "echo '@@odoo-step done'");

    /** The builder image: a docker-save tarball, and which package provides which shared library in it. */
    public record BuilderImage(Path tarball, Map<String, String> libraryProviders) {
    }

    private final List<String> engines;
    private final Supplier<BuilderImage> builder;
    private final String inputsKey;
    private final PythonTarget target;
    private final Path cacheRoot;
    private final Path workDir;
    private final Path providersFile;
    private final List<String> buildPackages;
    private final Duration timeout;
    private final Consumer<String> log;
    private String image;
    private BuilderImage builderImage;
    private ContainerEngine engine;
    private String unavailable;

    /**
     * @param builder       makes the builder image (only when a build must run: a warm cache needs none)
     * @param inputsKey     what identifies the builder: the base's digest and the build-packages lock's
     * @param providersFile where the library providers of the builds are written for the shared-libraries check
     * @param buildPackages the names asked for in system-build-packages.txt, for messages
     */
    public SdistWheelBuilder(List<String> engines, Supplier<BuilderImage> builder, String inputsKey,
            PythonTarget target, Path cacheRoot, Path workDir, Path providersFile, List<String> buildPackages,
            Duration timeout, Consumer<String> log) {
        this.engines = List.copyOf(engines);
        this.builder = builder;
        this.inputsKey = inputsKey;
        this.target = target;
        this.cacheRoot = cacheRoot;
        this.workDir = workDir;
        this.providersFile = providersFile;
        this.buildPackages = List.copyOf(buildPackages);
        this.timeout = timeout;
        this.log = log;
    }

    @Override
    public Optional<String> unavailable() {
        if (engine == null && unavailable == null) {
            List<String> notes = new ArrayList<>();
            engine = ContainerEngine.detect(engines, notes).orElse(null);
            if (engine == null) {
                unavailable = "no container engine works (" + String.join("; ", notes) + ")";
            }
        }
        return Optional.ofNullable(unavailable);
    }

    @Override
    public String inputsKey() {
        return inputsKey;
    }

    @Override
    public Built build(Path sdist, String sdistSha256, List<BuildRequirements.Pinned> requires,
            List<Path> requireFiles, String what) {
        String key = Digests.sha256Hex(RECIPE + "\n" + sdistSha256 + "\n" + inputsKey + "\n"
                + BuildRequirements.digest(requires) + "\n" + target.describe());
        Path entry = cacheRoot.resolve(key);
        Optional<Path> cached = wheelIn(entry);
        if (cached.isPresent()) {
            mergeProviders(entry.resolve(PROVIDERS));
            return new Built(cached.get(), Digests.sha256Hex(cached.get()), true);
        }
        if (unavailable().isPresent()) {
            throw new Unavailable(unavailable);
        }
        if (requires.stream().noneMatch(r -> r.name().equals("pip"))) {
            throw new OdooImageException(what + ": the lock's build requirements have no pip; refresh the lock with"
                    + " mvn odoo:python-lock");
        }
        if (image == null) {
            builderImage = builder.get();
            log.accept("Loading the builder image " + builderImage.tarball().getFileName() + " into " + engine.name());
            image = engine.load(builderImage.tarball());
        }
        try {
            Files.createDirectories(workDir);
            Path in = Files.createTempDirectory(workDir, ".in-");
            Path out = Files.createTempDirectory(workDir, ".out-");
            try {
                Path reqs = Files.createDirectories(in.resolve("reqs"));
                Path src = Files.createDirectories(in.resolve("sdist"));
                for (int i = 0; i < requires.size(); i++) {
                    Files.copy(requireFiles.get(i), reqs.resolve(requires.get(i).fileName()));
                }
                Files.writeString(reqs.resolve("build-requirements.txt"),
                        BuildRequirements.requirementsFile(requires));
                Files.copy(sdist, src.resolve(sdist.getFileName()));
                String pipWheel = requires.stream().filter(r -> r.name().equals("pip")).findFirst().orElseThrow()
                        .fileName();
                long t0 = System.nanoTime();
                ThrowAwayContainer.Run run = new ThrowAwayContainer(engine, image, "odoo-sdist")
                        .env("SOURCE_DATE_EPOCH", EPOCH).env("PYTHONHASHSEED", "0").env("LC_ALL", "C.UTF-8")
                        .readOnly(reqs, "/reqs").readOnly(src, "/sdist").output(out, "/build")
                        .run(timeout, SCRIPT, List.of(target.interpreter(), ThrowAwayContainer.safe(
                                sdist.getFileName().toString()), ThrowAwayContainer.safe(pipWheel)));
                Path wheel = check(run, out, what, sdist);
                Path staged = Files.createTempDirectory(Files.createDirectories(cacheRoot), ".staging-");
                Files.copy(wheel, staged.resolve(wheel.getFileName()));
                LibraryProvidersFile.write(builderImage.libraryProviders(), staged.resolve(PROVIDERS));
                try {
                    Files.move(staged, entry, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    AtomicFiles.deleteRecursively(staged); // another build put the same entry first
                }
                mergeProviders(entry.resolve(PROVIDERS));
                Path result = wheelIn(entry).orElseThrow();
                log.accept("Built " + result.getFileName() + " from " + sdist.getFileName() + " in the builder"
                        + " container in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                return new Built(result, Digests.sha256Hex(result), false);
            } finally {
                AtomicFiles.deleteRecursively(in);
                AtomicFiles.deleteRecursively(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + sdist.getFileName() + " in " + workDir, e);
        }
    }

    private Path check(ThrowAwayContainer.Run run, Path out, String what, Path sdist) throws IOException {
        ProcessRunner.Result r = run.result();
        String name = sdist.getFileName().toString();
        if (r.timedOut()) {
            throw new OdooImageException(what + ": building " + name + " in the builder container took longer than "
                    + timeout.toMinutes() + " min; the container was removed and nothing was cached. Raise"
                    + " -Dodoo.python.buildTimeout");
        }
        if (!r.ok()) {
            String log = r.output();
            String tail = r.tail(25);
            if (BuildFailure.triedNetwork(log)) {
                throw new OdooImageException(what + ": building " + name + " tried to reach the network, and the"
                        + " builder container has none (--network=none: a build must use only the sdist and its"
                        + " locked build requirements). Nothing was cached. The build's log ends with:\n" + tail);
            }
            List<String> missing = BuildFailure.missingPackages(log);
            throw new OdooImageException(what + ": building " + name + " in the builder container failed (exit "
                    + r.exitCode() + "), nothing was cached. The build's log ends with:\n" + tail + "\n"
                    + (missing.isEmpty() ? "" : "Build packages that might be missing from system-build-packages.txt: "
                            + String.join(", ", missing) + "\n")
                    + "The builder has: " + (buildPackages.isEmpty() ? "no build package"
                            : String.join(" ", buildPackages)) + " (system-build-packages.txt; after a change run"
                    + " `mvn odoo:system-lock`). Or drop the package with '!" + what.split("[ =<>!~;(\\[]")[0]
                    + "' in requirements-overrides.in");
        }
        List<Path> wheels;
        try (Stream<Path> s = Files.list(out.resolve("wheel"))) {
            wheels = s.filter(p -> p.getFileName().toString().endsWith(".whl")).toList();
        }
        if (wheels.size() != 1) {
            throw new OdooImageException(what + ": building " + name + " gave " + wheels.size() + " wheels, expected"
                    + " one: " + r.tail(10));
        }
        Path wheel = wheels.get(0);
        String misfit = misfit(wheel.getFileName().toString(), target);
        if (misfit != null) {
            throw new OdooImageException(what + ": the wheel built from " + name + " is " + wheel.getFileName()
                    + ", whose tags do not fit the image's Python " + target.describe() + " (" + misfit + ")."
                    + " Nothing was cached. Is odoo.python.interpreter the base's interpreter?");
        }
        return wheel;
    }

    /** Why a wheel built on the base does not fit the target, or null: its tags, with linux_<arch> as the base's own. */
    static String misfit(String fileName, PythonTarget target) {
        WheelName wn = WheelName.parseOrNull(fileName);
        if (wn == null) {
            return "not a wheel name";
        }
        java.util.Set<String> supported = target.supportedTags();
        String own = "linux_" + target.arch();
        for (String tag : wn.tags()) {
            String[] t = tag.split("-", 3);
            String platform = t[2].equals(own) ? target.platformTags().get(0) : t[2];
            if (supported.contains(t[0] + "-" + t[1] + "-" + platform)) {
                return null;
            }
        }
        return "tags " + String.join(", ", wn.tags()) + "; the target takes " + target.abi() + "-" + target.abi()
                + "-" + own + " or a tag it supports";
    }

    private static Optional<Path> wheelIn(Path entry) {
        if (!Files.isDirectory(entry)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(entry)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".whl")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a build's providers to the project's library-providers.properties. */
    private void mergeProviders(Path from) {
        Map<String, String> all = new TreeMap<>();
        all.putAll(LibraryProvidersFile.read(providersFile));
        all.putAll(LibraryProvidersFile.read(from));
        LibraryProvidersFile.write(all, providersFile);
    }

    /** The properties file of soname=package lines (read leniently; missing = empty). */
    static final class LibraryProvidersFile {
        private LibraryProvidersFile() {
        }

        static Map<String, String> read(Path file) {
            Map<String, String> out = new TreeMap<>();
            if (!Files.isRegularFile(file)) {
                return out;
            }
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            return out;
        }

        static void write(Map<String, String> providers, Path file) {
            dev.odooimage.system.LibraryProviders.write(providers, file);
        }
    }
}
