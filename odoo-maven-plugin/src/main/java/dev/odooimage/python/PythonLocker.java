package dev.odooimage.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * {@code odoo:python-lock}: resolves the normalised inputs with the private pip <em>for the
 * target</em> ({@code --dry-run --report --only-binary=:all: --platform ... --python-version ...
 * --implementation cp --abi ...}) and writes requirements.lock.txt atomically.
 * <p>
 * pip cannot resolve sdists for a foreign platform. When it reports "no matching distribution"
 * for a package, the locker fetches that package's sdist, builds it on the host into a wheel,
 * accepts it only if pure Python (then it fits any target), offers it to pip through
 * {@code --find-links} and resolves again. The lock records the sdist's sha256; the installer
 * rebuilds the same pure wheel from it (cached by that hash).
 */
public final class PythonLocker {
    private static final Pattern NO_MATCH = Pattern.compile("No matching distribution found for (\\S+)");
    private static final int MAX_ROUNDS = 200;

    private final PythonSettings settings;
    private final Consumer<String> log;
    private CompiledWheels compiled;

    public PythonLocker(PythonSettings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
    }

    /** Builds sdists with native code for the target (builder container); without it they are refused. */
    public PythonLocker setCompiled(CompiledWheels compiled) {
        this.compiled = compiled;
        return this;
    }

    /** An sdist built in the builder container: the sdist, the wheel it gave, its build requirements. */
    private record Compiled(String sdistFileName, String sdistSha256, BuildRequirements.Pinned built,
            List<BuildRequirements.Pinned> requires) {
    }

    /** A lock and what it was made from. */
    public record Outcome(PythonLock lock, NormalisedInputs inputs, boolean changed) {
    }

    public Outcome lock(PythonProject project, Consumer<String> warn) {
        if (settings.offline()) {
            throw new OdooImageException("refreshing requirements.lock.txt needs the package index; Maven is"
                    + " offline (-o)");
        }
        PythonTarget target = settings.target();
        NormalisedInputs inputs = PythonInputs.prepare(project, target, warn);
        // what the sources' imports add (SourceFacts): said once here, at the deliberate re-lock
        inputs.requirements().stream().filter(e -> e.origin().matches(".*\\.py:[0-9]+")).forEach(e -> log.accept(
                "The sources need " + e.requirement().toLine() + ": " + e.origin() + " " + e.note()));
        Path work = project.workDirectory().resolve("python-lock");
        try {
            AtomicFiles.deleteRecursively(work);
            Files.createDirectories(work.resolve("built"));
            PipTool pip = PipTool.ensure(settings.toolRoot(), settings.cache(), settings.pipVersion(),
                    settings.hostPython(), settings.toolIndexUrl(), log);
            SdistBuilder builder = new SdistBuilder(pip, settings.cache(), settings.indexUrl(),
                    project.projectRoot().relativize(settings.wheelhouse()) + "/");
            Map<String, String[]> builtFromSdist = new HashMap<>(); // wheel file name -> {sdist name, sha}
            // Pure wheels built for earlier locks are offered at once: a refresh needs no extra passes.
            for (ArtifactCache.BuiltWheel b : settings.cache().builtWheels()) {
                Files.copy(b.wheel(), work.resolve("built").resolve(b.wheel().getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
                builtFromSdist.put(b.wheel().getFileName().toString(), new String[] {b.sdistFileName(),
                        b.sdistSha256() });
            }
            Map<String, Compiled> compiledFromSdist = new HashMap<>(); // wheel name shown to pip -> build
            Set<String> tried = new HashSet<>();
            Path report = work.resolve("report.json");
            for (int round = 0;; round++) {
                PipTool.Result r = pip.pip(resolveArgs(project, work, report), work);
                if (r.exitCode() == 0) {
                    break;
                }
                Matcher m = NO_MATCH.matcher(r.output());
                String missing = m.find() ? m.group(1) : null;
                if (missing == null || !tried.add(missing) || round >= MAX_ROUNDS) {
                    throw new OdooImageException("pip cannot resolve the Python inputs for " + target.describe()
                            + " (see " + project.projectRoot().relativize(project.report()) + "):\n"
                            + PipTool.tail(r.output()));
                }
                log.accept("No wheel for " + missing + " on the index: trying its source distribution");
                Path dl = Files.createDirectories(work.resolve("sdist-" + round));
                Path sdist;
                try {
                    sdist = builder.downloadSdist(missing, project.effectiveConstraints(), dl, target);
                } catch (OdooImageException noSdist) {
                    throw new OdooImageException("pip cannot resolve the Python inputs for " + target.describe()
                            + " (see " + project.projectRoot().relativize(project.report()) + "):\n"
                            + PipTool.tail(r.output()) + "\nNo wheel fits the target and the index has no usable"
                            + " source distribution for '" + missing + "' either.\n"
                            + builder.fixHint(missing, target));
                }
                String sha = Digests.sha256Hex(sdist);
                String what = missing + whereAsked(inputs, missing);
                Path wheel;
                try {
                    wheel = builder.buildPure(sdist, sha, what, target);
                } catch (SdistBuilder.NativeCodeException nativeCode) {
                    Compiled c = buildCompiled(nativeCode, pip, sdist, sha, what, dl);
                    // pip only offers wheels whose name fits --platform: the builder's linux_<arch>
                    // wheel is shown to it under the target's manylinux name (metadata only; the
                    // lock records the sdist and the real wheel).
                    String alias = c.built().fileName().replaceFirst("-linux_[A-Za-z0-9_]+\\.whl$",
                            "-" + target.platformTags().get(0) + ".whl");
                    Files.copy(settings.cache().artifact(c.built().sha256()).orElseThrow(),
                            work.resolve("built").resolve(alias), StandardCopyOption.REPLACE_EXISTING);
                    compiledFromSdist.put(alias, c);
                    continue;
                }
                Files.copy(wheel, work.resolve("built").resolve(wheel.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
                builtFromSdist.put(wheel.getFileName().toString(), new String[] {sdist.getFileName().toString(),
                        sha });
                log.accept("Built " + sdist.getFileName() + " into the pure wheel " + wheel.getFileName());
            }
            PythonLock lock = fromReport(report, inputs, builtFromSdist, compiledFromSdist);
            PythonLock old = PythonLock.read(project.lockFile());
            String text = lock.render("mvn odoo:python-lock");
            boolean changed = !Files.isRegularFile(project.lockFile())
                    || !Files.readString(project.lockFile(), StandardCharsets.UTF_8).equals(text);
            if (changed) {
                AtomicFiles.writeString(project.lockFile(), text);
            }
            log.accept("requirements.lock.txt: " + lock.entries().size() + " packages for " + target.describe()
                    + (changed ? (old.entries().isEmpty() ? " (new)" : " (changed: review the diff)") : " (unchanged)"));
            AtomicFiles.deleteRecursively(work);
            return new Outcome(lock, inputs, changed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock Python requirements in " + work, e);
        }
    }

    private List<String> resolveArgs(PythonProject project, Path work, Path report) {
        PythonTarget t = settings.target();
        List<String> args = new ArrayList<>(List.of("install", "--dry-run", "--ignore-installed", "--report",
                report.toString(), "--only-binary=:all:", "--python-version", t.minorVersion(), "--implementation",
                "cp", "--abi", t.abi()));
        for (String p : t.platformTags()) {
            args.addAll(List.of("--platform", p));
        }
        args.addAll(List.of("--index-url", settings.indexUrl(), "--find-links", work.resolve("built").toString()));
        if (Files.isDirectory(settings.wheelhouse())) {
            args.addAll(List.of("--find-links", settings.wheelhouse().toString()));
        }
        args.addAll(List.of("-r", project.effectiveIn().toString()));
        return args;
    }

    private static String whereAsked(NormalisedInputs inputs, String missing) {
        String key = Requirement.normalizeName(missing.split("[=<>!~;\\[(]")[0]);
        return inputs.requirements().stream().filter(e -> e.requirement().key().equals(key)).findFirst()
                .map(e -> " (" + e.origin() + ")").orElse(" (a dependency)");
    }

    /**
     * Builds an sdist with native code in the builder container, with its build requirements
     * resolved and hash-pinned for the target; refused, with every fix, when no builder can run.
     */
    private Compiled buildCompiled(SdistBuilder.NativeCodeException nativeCode, PipTool pip, Path sdist, String sha,
            String what, Path work) {
        java.util.Optional<String> why = compiled == null ? java.util.Optional.of("no builder is configured")
                : compiled.unavailable();
        if (why.isPresent()) {
            throw new OdooImageException(nativeCode.getMessage() + "\nIt is not built in the builder container"
                    + " either: " + why.get());
        }
        List<String> declared = BuildRequirements.declared(sdist);
        List<BuildRequirements.Pinned> pinned = BuildRequirements.resolve(pip, settings, declared, work, what);
        List<Path> files = BuildRequirements.fetch(pinned, settings, work, log);
        log.accept("Building " + sdist.getFileName() + " for " + settings.target().describe()
                + " in the builder container (build requirements: " + pinned.stream()
                        .map(p -> p.name() + "==" + p.version()).collect(java.util.stream.Collectors.joining(", "))
                + ")");
        CompiledWheels.Built b = compiled.build(sdist, sha, pinned, files, what);
        if (settings.cache().artifact(b.sha256()).isEmpty()) {
            settings.cache().putArtifact(b.sha256(), b.wheel());
        }
        log.accept((b.fromCache() ? "Took " : "Built ") + b.wheel().getFileName() + " sha256:" + b.sha256()
                + (b.fromCache() ? " from the compiled-wheel cache" : ""));
        return new Compiled(sdist.getFileName().toString(), sha, new BuildRequirements.Pinned(
                Requirement.normalizeName(what.split("[ =<>!~;(\\[]")[0]), "", b.wheel().getFileName().toString(),
                b.sha256()), pinned);
    }

    private PythonLock fromReport(Path report, NormalisedInputs inputs, Map<String, String[]> builtFromSdist,
            Map<String, Compiled> compiledFromSdist) throws IOException {
        JsonNode root = new ObjectMapper().readTree(report.toFile());
        Map<String, JsonNode> items = new TreeMap<>();
        for (JsonNode item : root.path("install")) {
            items.put(Requirement.normalizeName(item.path("metadata").path("name").asText()), item);
        }
        Map<String, Set<String>> via = computeVia(items, inputs);
        List<PythonLock.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : items.entrySet()) {
            JsonNode item = e.getValue();
            String version = item.path("metadata").path("version").asText();
            URI url = URI.create(item.path("download_info").path("url").asText());
            String fileName = URLDecoder.decode(url.getRawPath().substring(url.getRawPath().lastIndexOf('/') + 1),
                    StandardCharsets.UTF_8);
            String sha = item.path("download_info").path("archive_info").path("hashes").path("sha256").asText(null);
            PythonLock.Source source = PythonLock.Source.INDEX;
            Compiled compiledBuild = null;
            if ("file".equals(url.getScheme())) {
                Path local = Path.of(url);
                if (compiledFromSdist.containsKey(fileName)) {
                    source = PythonLock.Source.COMPILED;
                    compiledBuild = compiledFromSdist.get(fileName);
                    fileName = compiledBuild.sdistFileName();
                    sha = compiledBuild.sdistSha256();
                } else if (builtFromSdist.containsKey(fileName)) {
                    source = PythonLock.Source.SDIST;
                    String[] sd = builtFromSdist.get(fileName);
                    fileName = sd[0];
                    sha = sd[1];
                } else {
                    source = PythonLock.Source.WHEELHOUSE;
                    sha = Digests.sha256Hex(local);
                }
            }
            if (sha == null) {
                throw new OdooImageException("the index gives no sha256 for " + fileName + "; a lock needs one");
            }
            entries.add(new PythonLock.Entry(e.getKey(), version, sha, fileName, source,
                    List.copyOf(via.getOrDefault(e.getKey(), Set.of())), compiledBuild == null ? null
                            : compiledBuild.built(), compiledBuild == null ? List.of() : compiledBuild.requires()));
        }
        return new PythonLock(settings.target().resolutionKey(), inputs.digest(), List.copyOf(entries));
    }

    /** Who asks for each package: input files first, then the packages that depend on it. */
    static Map<String, Set<String>> computeVia(Map<String, JsonNode> items, NormalisedInputs inputs) {
        Map<String, Set<String>> extras = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : items.entrySet()) {
            Set<String> x = new TreeSet<>();
            e.getValue().path("requested_extras").forEach(n -> x.add(Requirement.normalizeName(n.asText())));
            extras.put(e.getKey(), x);
        }
        Map<String, Set<String>> deps = new TreeMap<>();
        boolean grew = true;
        while (grew) { // extras requested by dependents can activate more dependencies
            grew = false;
            for (Map.Entry<String, JsonNode> e : items.entrySet()) {
                for (JsonNode rd : e.getValue().path("metadata").path("requires_dist")) {
                    Requirement r;
                    try {
                        r = Requirement.parse(rd.asText());
                    } catch (IllegalArgumentException bad) {
                        continue;
                    }
                    if (!items.containsKey(r.key()) || !active(r, e.getKey(), extras, inputs.target())) {
                        continue;
                    }
                    deps.computeIfAbsent(r.key(), k -> new TreeSet<>()).add(e.getKey());
                    grew |= extras.get(r.key()).addAll(r.extras());
                }
            }
        }
        Map<String, Set<String>> via = new TreeMap<>();
        Map<String, List<String>> origins = inputs.originsByName();
        for (String name : items.keySet()) {
            Set<String> v = new java.util.LinkedHashSet<>(origins.getOrDefault(name, List.of()));
            v.addAll(deps.getOrDefault(name, Set.of()));
            via.put(name, v);
        }
        return via;
    }

    private static boolean active(Requirement r, String owner, Map<String, Set<String>> extras, PythonTarget t) {
        if (r.marker() == null) {
            return true;
        }
        try {
            if (r.marker().evaluate(MarkerEnvironment.of(t, ""))) {
                return true;
            }
            for (String x : extras.get(owner)) {
                if (r.marker().evaluate(MarkerEnvironment.of(t, x))) {
                    return true;
                }
            }
        } catch (IllegalArgumentException bad) {
            return false;
        }
        return false;
    }
}
