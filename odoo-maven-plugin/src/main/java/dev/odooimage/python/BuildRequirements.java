package dev.odooimage.python;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * The PEP 517 build requirements of a compiled sdist, hash-pinned: what {@code [build-system]
 * requires} of its {@code pyproject.toml} asks for (without one, what pip assumes:
 * {@code setuptools>=40.8.0} and {@code wheel}), plus the pinned pip that installs them in the
 * builder container, resolved as wheels for the target by the private pip. They are recorded in
 * the Python lock under the sdist ({@code # build-requires:} lines) and installed in the builder
 * with {@code --require-hashes} from a local directory, no index.
 */
public final class BuildRequirements {
    static final List<String> LEGACY = List.of("setuptools>=40.8.0", "wheel");
    private static final Pattern TABLE = Pattern.compile("(?ms)^\\[build-system\\]\\s*$(.*?)(?=^\\[|\\z)");
    private static final Pattern REQUIRES = Pattern.compile("(?s)requires\\s*=\\s*\\[(.*?)\\]");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"|'([^']*)'");
    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)==(\\S+) (\\S+\\.whl) sha256:([0-9a-f]{64})");

    /** One pinned build requirement: the exact wheel, by sha256. */
    public record Pinned(String name, String version, String fileName, String sha256) {
        /** The lock's comment form: {@code setuptools==80.9.0 setuptools-80.9.0-py3-none-any.whl sha256:...}. */
        public String render() {
            return name + "==" + version + " " + fileName + " sha256:" + sha256;
        }

        public static Pinned parse(String text) {
            Matcher m = LINE.matcher(text.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("expected 'name==version file.whl sha256:<64 hex>', found: " + text);
            }
            return new Pinned(m.group(1), m.group(2), m.group(3), m.group(4));
        }
    }

    private BuildRequirements() {
    }

    /** {@code [build-system] requires} of the sdist's top-level pyproject.toml, or pip's legacy default. */
    public static List<String> declared(Path sdist) {
        String toml = pyproject(sdist);
        if (toml == null) {
            return LEGACY;
        }
        Matcher t = TABLE.matcher(toml);
        if (!t.find()) {
            return LEGACY;
        }
        Matcher r = REQUIRES.matcher(t.group(1));
        if (!r.find()) {
            return LEGACY;
        }
        List<String> out = new ArrayList<>();
        Matcher s = STRING.matcher(r.group(1).replaceAll("(?m)#.*$", ""));
        while (s.find()) {
            out.add(s.group(1) != null ? s.group(1) : s.group(2));
        }
        return out;
    }

    private static String pyproject(Path sdist) {
        String f = sdist.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (f.endsWith(".zip")) {
                try (ZipFile z = new ZipFile(sdist.toFile())) {
                    for (ZipEntry e : java.util.Collections.list(z.entries())) {
                        if (e.getName().matches("[^/]+/pyproject\\.toml")) {
                            return new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }
                }
                return null;
            }
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(sdist));
                    InputStream in = f.endsWith(".bz2") ? new BZip2CompressorInputStream(raw) : new GZIPInputStream(raw);
                    TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    if (e.isFile() && e.getName().replaceFirst("^\\./", "").matches("[^/]+/pyproject\\.toml")) {
                        return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new OdooImageException("cannot read the source distribution " + sdist + ": " + e.getMessage());
        }
    }

    /**
     * Resolves {@code requirements} (and {@code pip==<pipVersion>}) as wheels for the target with
     * the private pip; every wheel pinned by the index's sha256.
     */
    public static List<Pinned> resolve(PipTool pip, PythonSettings settings, List<String> requirements, Path work,
            String what) {
        PythonTarget t = settings.target();
        Path report = work.resolve("build-requires-report.json");
        List<String> args = new ArrayList<>(List.of("install", "--dry-run", "--ignore-installed", "--report",
                report.toString(), "--only-binary=:all:", "--python-version", t.minorVersion(), "--implementation",
                "cp", "--abi", t.abi()));
        for (String p : t.platformTags()) {
            args.addAll(List.of("--platform", p));
        }
        args.addAll(List.of("--index-url", settings.indexUrl(), "pip==" + settings.pipVersion()));
        args.addAll(requirements);
        PipTool.Result r = pip.pip(args, work);
        if (r.exitCode() != 0) {
            throw new OdooImageException("the build requirements of " + what + " (" + String.join(", ", requirements)
                    + ") cannot be resolved as wheels for " + t.describe() + ":\n" + PipTool.tail(r.output()));
        }
        List<Pinned> out = new ArrayList<>();
        try {
            JsonNode root = new ObjectMapper().readTree(report.toFile());
            for (JsonNode item : root.path("install")) {
                URI url = URI.create(item.path("download_info").path("url").asText());
                String file = URLDecoder.decode(url.getRawPath().substring(url.getRawPath().lastIndexOf('/') + 1),
                        StandardCharsets.UTF_8);
                String sha = item.path("download_info").path("archive_info").path("hashes").path("sha256").asText(null);
                if (sha == null) {
                    throw new OdooImageException("the index gives no sha256 for " + file + "; a lock needs one");
                }
                out.add(new Pinned(Requirement.normalizeName(item.path("metadata").path("name").asText()),
                        item.path("metadata").path("version").asText(), file, sha));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(java.util.Comparator.comparing(Pinned::name));
        return List.copyOf(out);
    }

    /** What identifies a set of build requirements (part of the compiled wheel's cache key). */
    public static String digest(List<Pinned> pinned) {
        StringBuilder sb = new StringBuilder("build-requires/1\n");
        pinned.forEach(p -> sb.append(p.render()).append('\n'));
        return Digests.sha256Hex(sb.toString());
    }

    /** A pip requirements file with hashes, for {@code pip install --require-hashes} in the builder. */
    public static String requirementsFile(List<Pinned> pinned) {
        StringBuilder sb = new StringBuilder();
        pinned.forEach(p -> sb.append(p.name()).append("==").append(p.version()).append(" --hash=sha256:")
                .append(p.sha256()).append('\n'));
        return sb.toString();
    }

    /** The wheels of {@code pinned}, from the artifact cache or the index, each checked against its sha256. */
    public static List<Path> fetch(List<Pinned> pinned, PythonSettings settings, Path work,
            java.util.function.Consumer<String> log) {
        List<Path> out = new ArrayList<>();
        SimpleIndex index = null;
        for (Pinned p : pinned) {
            java.util.Optional<Path> cached = settings.cache().artifact(p.sha256());
            if (cached.isPresent()) {
                out.add(cached.get());
                continue;
            }
            if (settings.offline()) {
                throw new OdooImageException("the build requirement " + p.fileName() + " is not in the wheel cache "
                        + settings.cache().root() + " and Maven is offline; build once online");
            }
            if (index == null) {
                index = new SimpleIndex(settings.indexUrl());
            }
            SimpleIndex.IndexFile f = index.files(p.name()).stream().filter(x -> p.sha256().equals(x.sha256()))
                    .findFirst().orElseThrow(() -> new OdooImageException("the index has no file with sha256:"
                            + p.sha256() + " (" + p.fileName() + ", a build requirement); refresh the lock with `"
                            + PythonInputs.REFRESH_COMMAND + "`"));
            try {
                Files.createDirectories(work);
                Path tmp = Files.createTempDirectory(work, ".download-");
                try {
                    Path dest = tmp.resolve(p.fileName());
                    log.accept("Downloading " + p.fileName() + " (build requirement)");
                    index.download(f, p.sha256(), dest);
                    out.add(settings.cache().putArtifact(p.sha256(), dest));
                } finally {
                    dev.odooimage.util.AtomicFiles.deleteRecursively(tmp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
