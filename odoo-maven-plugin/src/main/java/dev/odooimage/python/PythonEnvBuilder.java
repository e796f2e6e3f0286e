package dev.odooimage.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.Parallel;
import dev.odooimage.util.Stamp;

/**
 * {@code odoo:python-env}: installs exactly the lock into {@code target/odoo/venv}, for the
 * target: every artifact hash-checked, no resolution, wheels for the target only, pure sdists
 * built once into cached wheels. The venv is staged beside the old one and swapped in whole.
 */
public final class PythonEnvBuilder {
    /** Bump when the venv layout changes, so stamps from older plugins do not skip a rebuild. */
    private static final String LAYOUT = "venv-layout-1";

    private final PythonSettings settings;
    private final Consumer<String> log;
    private final Consumer<String> warn;

    private CompiledWheels compiled;

    public PythonEnvBuilder(PythonSettings settings, Consumer<String> log, Consumer<String> warn) {
        this.settings = settings;
        this.log = log;
        this.warn = warn;
    }

    /** Builds (or takes from its cache) the wheels of locked sdists with native code. */
    public PythonEnvBuilder setCompiled(CompiledWheels compiled) {
        this.compiled = compiled;
        return this;
    }

    public record Result(boolean skipped, int packages) {
    }

    /**
     * Checks the lock against the inputs, then installs it.
     *
     * @param inputs the normalised inputs of this build (their digest must match the lock's)
     */
    public Result build(PythonProject project, NormalisedInputs inputs) {
        PythonLock lock = PythonLock.read(project.lockFile());
        checkLock(lock, inputs, project);
        Stamp stamp = new Stamp(project.workDirectory().resolve("stamps/python-env"));
        String digest = stampDigest(project, lock);
        if (stamp.matches(digest) && Files.isDirectory(project.venv())) {
            log.accept("Python venv up to date (" + lock.entries().size() + " packages)");
            return new Result(true, lock.entries().size());
        }
        stamp.invalidate();
        Map<PythonLock.Entry, Path> wheels = fetchAll(lock, project);
        Path staged = null;
        try {
            staged = Files.createTempDirectory(project.workDirectory(), ".venv.staging-");
            VenvLayout.create(staged, settings.target(), settings.venvPath());
            WheelInstaller installer = new WheelInstaller(staged, settings.target(), settings.venvPath(), warn);
            for (Map.Entry<PythonLock.Entry, Path> w : wheels.entrySet()) {
                installer.install(w.getValue(), w.getKey().name() + "==" + w.getKey().version());
            }
            VenvCheck.check(installer.sitePackages(), settings.target(), inputs);
            AtomicFiles.replaceDirectory(staged, project.venv());
            staged = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the venv in " + project.venv(), e);
        } finally {
            try {
                AtomicFiles.deleteRecursively(staged);
            } catch (IOException ignored) {
                // a dot-named staging dir; the next build replaces it
            }
        }
        stamp.write(digest);
        log.accept("Python venv built: " + lock.entries().size() + " packages for " + settings.target().describe());
        return new Result(false, lock.entries().size());
    }

    static void checkLock(PythonLock lock, NormalisedInputs inputs, PythonProject project) {
        String name = project.projectRoot().relativize(project.lockFile()).toString();
        if (lock.target() == null && lock.isEmpty()) {
            throw new OdooImageException(name + " is empty (bootstrap): create it with `"
                    + PythonInputs.REFRESH_COMMAND + "`, then review and commit it");
        }
        if (!inputs.target().resolutionKey().equals(lock.target())) {
            throw new OdooImageException("inputs changed since the lock was made: " + name + " is for '"
                    + lock.target() + "', the pom's target is '" + inputs.target().resolutionKey() + "'. Refresh it"
                    + " deliberately with `" + PythonInputs.REFRESH_COMMAND + "` and review the diff");
        }
        if (!inputs.digest().equals(lock.inputsDigest())) {
            throw new OdooImageException("inputs changed since the lock was made: the Python requirements ("
                    + "Odoo's requirements.txt, requirements.in, requirements-constraints.in or"
                    + " requirements-overrides.in) no longer give the digest recorded in " + name
                    + ". Refresh it deliberately with `" + PythonInputs.REFRESH_COMMAND + "` and review the diff"
                    + " (the current inputs: " + project.projectRoot().relativize(project.report()) + ")");
        }
    }

    private String stampDigest(PythonProject project, PythonLock lock) {
        // compiled wheels also depend on the builder (base, build packages): a new one rebuilds the venv
        String builder = compiled != null && lock.entries().stream().anyMatch(e -> e.source()
                == PythonLock.Source.COMPILED) ? "\nbuilder " + compiled.inputsKey() : "";
        try {
            return Digests.sha256Hex(LAYOUT + "\n" + settings.target().describe() + "\n" + settings.venvPath()
                    + "\n" + Files.readString(project.lockFile(), StandardCharsets.UTF_8) + builder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every locked artifact as an installable wheel, in name order; downloads run in parallel. */
    private Map<PythonLock.Entry, Path> fetchAll(PythonLock lock, PythonProject project) {
        Map<PythonLock.Entry, Path> result = new TreeMap<>(java.util.Comparator.comparing(PythonLock.Entry::key));
        SimpleIndex index = new SimpleIndex(settings.indexUrl());
        ExecutorService pool = Parallel.pool(4, "odoo-wheel-download");
        try {
            List<Future<Path>> futures = new ArrayList<>();
            for (PythonLock.Entry e : lock.entries()) {
                futures.add(pool.submit(() -> artifact(e, index, project)));
            }
            List<PythonLock.Entry> entries = lock.entries();
            for (int i = 0; i < entries.size(); i++) {
                result.put(entries.get(i), Parallel.await(futures.get(i), "downloading the locked wheels"));
            }
        } finally {
            pool.shutdownNow();
        }
        PipTool pip = null;
        for (Map.Entry<PythonLock.Entry, Path> r : result.entrySet()) {
            PythonLock.Entry e = r.getKey();
            String what = e.name() + "==" + e.version();
            if (e.source() == PythonLock.Source.SDIST) {
                Optional<Path> built = settings.cache().builtWheel(e.sha256());
                Path wheel;
                if (built.isPresent()) {
                    wheel = built.get();
                } else {
                    if (settings.offline()) {
                        throw new OdooImageException(what + " must be built from its sdist " + e.fileName()
                                + " and Maven is offline; build once online to fill the cache");
                    }
                    if (pip == null) {
                        pip = PipTool.ensure(settings.toolRoot(), settings.cache(), settings.pipVersion(),
                                settings.hostPython(), settings.toolIndexUrl(), log);
                    }
                    log.accept("Building " + e.fileName() + " into a pure Python wheel (once; cached)");
                    wheel = new SdistBuilder(pip, settings.cache(), settings.indexUrl(),
                            project.projectRoot().relativize(settings.wheelhouse()) + "/")
                            .buildPure(r.getValue(), e.sha256(), what, settings.target());
                }
                r.setValue(wheel);
            }
            if (e.source() == PythonLock.Source.COMPILED) {
                r.setValue(compiledWheel(e, r.getValue(), what, project));
                continue; // its tags were checked by the builder
            }
            checkWheel(r.getValue(), e, what);
        }
        return result;
    }

    /** The wheel of a compiled sdist: from the cache, or built now (cold cache) in the builder container. */
    private Path compiledWheel(PythonLock.Entry e, Path sdist, String what, PythonProject project) {
        List<Path> files = BuildRequirements.fetch(e.buildRequires(), settings,
                project.workDirectory().resolve("build-requires"), log);
        CompiledWheels.Built b;
        try {
            if (compiled == null) {
                throw new CompiledWheels.Unavailable("no builder is configured");
            }
            b = compiled.build(sdist, e.sha256(), e.buildRequires(), files, what);
        } catch (CompiledWheels.Unavailable u) {
            throw new OdooImageException(what + " is locked as a source distribution with native code ("
                    + e.fileName() + "), to be built for the image in a builder container, its wheel is not in the"
                    + " cache, and it cannot be built here: " + u.getMessage() + ".\nFix it in one of these ways:"
                    + "\n  - install podman (or docker) and build again;"
                    + "\n  - drop it with '!" + e.name() + "' in requirements-overrides.in and refresh the lock;"
                    + "\n  - put a wheel built for " + settings.target().describe() + " into the wheelhouse and"
                    + " refresh the lock");
        }
        if (e.built() != null && !e.built().sha256().equals(b.sha256())) {
            warn.accept(what + ": the wheel built from " + e.fileName() + " has sha256:" + b.sha256() + " ("
                    + b.wheel().getFileName() + "), the lock recorded sha256:" + e.built().sha256() + " ("
                    + e.built().fileName() + ") when it was locked: the build is not reproducible on this"
                    + " builder (another base or build packages?); the image uses the new one");
        }
        return b.wheel();
    }

    private void checkWheel(Path wheel, PythonLock.Entry e, String what) {
        WheelName wn = WheelName.parseOrNull(wheel.getFileName().toString());
        if (wn == null) {
            throw new OdooImageException(what + ": " + wheel.getFileName() + " is not a wheel");
        }
        if (!Requirement.normalizeName(wn.name()).equals(e.key())) {
            throw new OdooImageException(what + ": the locked file " + wheel.getFileName() + " is another package");
        }
        if (!wn.isCompatible(settings.target())) {
            throw new OdooImageException(what + ": " + wheel.getFileName() + " does not fit the target "
                    + settings.target().describe() + "; refresh the lock for this target");
        }
    }

    private Path artifact(PythonLock.Entry e, SimpleIndex index, PythonProject project) throws IOException {
        String what = e.name() + "==" + e.version();
        if (e.source() == PythonLock.Source.WHEELHOUSE) {
            Path wh = settings.wheelhouse();
            if (Files.isDirectory(wh)) {
                try (Stream<Path> s = Files.list(wh)) {
                    for (Path p : s.sorted().toList()) {
                        if (p.getFileName().toString().endsWith(".whl") && Digests.sha256Hex(p).equals(e.sha256())) {
                            return p;
                        }
                    }
                }
            }
            throw new OdooImageException(what + ": the lock wants " + e.fileName() + " with sha256:" + e.sha256()
                    + " from the wheelhouse " + wh + ", and no file there has that hash");
        }
        Optional<Path> cached = settings.cache().artifact(e.sha256());
        if (cached.isPresent()) {
            return cached.get();
        }
        if (settings.offline()) {
            throw new OdooImageException(what + " (" + e.fileName() + ") is not in the wheel cache "
                    + settings.cache().root() + " and Maven is offline; build once online");
        }
        SimpleIndex.IndexFile f = index.files(e.name()).stream().filter(x -> e.sha256().equals(x.sha256()))
                .findFirst().orElse(null);
        if (f == null) {
            f = index.files(e.name()).stream().filter(x -> x.fileName().equals(e.fileName())).findFirst()
                    .orElseThrow(() -> new OdooImageException(what + ": the index " + index.displayUrl()
                            + " has no file with sha256:" + e.sha256() + " (" + e.fileName() + "); was it removed?"
                            + " Refresh the lock with `" + PythonInputs.REFRESH_COMMAND + "`"));
        }
        Path tmp = Files.createTempDirectory(project.workDirectory(), ".download-");
        try {
            Path dest = tmp.resolve(e.fileName());
            log.accept("Downloading " + e.fileName());
            index.download(f, e.sha256(), dest);
            return settings.cache().putArtifact(e.sha256(), dest);
        } finally {
            AtomicFiles.deleteRecursively(tmp);
        }
    }
}
