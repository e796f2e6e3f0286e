package dev.odooimage.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.ProcessRunner;

/**
 * pip in a private environment under the user cache ({@code pip-tool/<version>/}), created
 * with the host's {@code python3 -m venv --without-pip} and the pinned pip wheel from the index,
 * so lock results depend on the pinned pip and not on whatever pip the host has. It runs
 * isolated ({@code -I}, no pip config files, no user site) and never installs into itself
 * after bootstrap.
 */
public final class PipTool {
    /** The result of one pip run (what {@link ProcessRunner} captured). */
    public record Result(int exitCode, String output) {
    }

    private final Path python;
    private final Path httpCache;
    private final Consumer<String> log;

    private PipTool(Path python, Path httpCache, Consumer<String> log) {
        this.python = python;
        this.httpCache = httpCache;
        this.log = log;
    }

    /**
     * The tool for {@code pipVersion}, created on first use.
     *
     * @param hostPython   the build host's python3 (any 3.9+; it only runs pip)
     * @param toolIndexUrl where the pip wheel comes from
     */
    public static PipTool ensure(Path toolRoot, ArtifactCache cache, String pipVersion, String hostPython,
            String toolIndexUrl, Consumer<String> log) {
        Path dir = toolRoot.resolve(pipVersion);
        Path python = dir.resolve("bin/python");
        Path ready = dir.resolve(".ready");
        if (!Files.isRegularFile(ready)) {
            create(dir, pipVersion, hostPython, toolIndexUrl, log);
        }
        return new PipTool(python, cache.root().resolve("pip-http"), log);
    }

    private static void create(Path dir, String pipVersion, String hostPython, String toolIndexUrl,
            Consumer<String> log) {
        log.accept("Creating the private pip " + pipVersion + " environment in " + dir);
        try {
            Files.createDirectories(dir.getParent());
            Path staged = Files.createTempDirectory(dir.getParent(), "." + pipVersion + ".staging-");
            try {
                Path venv = staged.resolve("venv");
                run(List.of(hostPython, "-I", "-m", "venv", "--without-pip", venv.toString()), null,
                        "the host python (" + hostPython + ") cannot create a venv; install python3 (3.9+) with"
                                + " its venv module, or point odoo.python.hostInterpreter to one");
                SimpleIndex index = new SimpleIndex(toolIndexUrl);
                String wheelName = "pip-" + pipVersion + "-py3-none-any.whl";
                SimpleIndex.IndexFile f = index.files("pip").stream().filter(x -> x.fileName().equals(wheelName))
                        .findFirst().orElseThrow(() -> new OdooImageException("the index " + index.displayUrl()
                                + " has no " + wheelName + "; check odoo.python.pipVersion"));
                if (f.sha256() == null) {
                    throw new OdooImageException("the index " + index.displayUrl() + " gives no sha256 for "
                            + wheelName);
                }
                Path wheel = staged.resolve(wheelName);
                index.download(f, f.sha256(), wheel);
                // A pip wheel runs from its own zip: it installs itself, with nothing from the host.
                run(List.of(venv.resolve("bin/python").toString(), "-I", wheel + "/pip", "install", "--quiet",
                        "--no-index", "--no-cache-dir", "--disable-pip-version-check", wheel.toString()), null,
                        "cannot install " + wheelName + " into the private environment");
                Files.writeString(venv.resolve(".ready"), pipVersion + "\n");
                try {
                    Files.move(venv, dir);
                } catch (IOException raced) {
                    if (!Files.isRegularFile(dir.resolve(".ready"))) {
                        throw raced;
                    }
                }
            } finally {
                AtomicFiles.deleteRecursively(staged);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the pip tool in " + dir, e);
        }
    }

    /** Runs {@code pip <args>} in {@code workDir}. */
    public Result pip(List<String> args, Path workDir) {
        return pip(args, workDir, Map.of());
    }

    /** Runs {@code pip <args>} in {@code workDir} with extra environment variables. */
    public Result pip(List<String> args, Path workDir, Map<String, String> extraEnv) {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-I", "-m", "pip"));
        cmd.addAll(args);
        cmd.addAll(List.of("--disable-pip-version-check", "--no-input", "--cache-dir", httpCache.toString()));
        return exec(cmd, workDir, 60, extraEnv);
    }

    private static void run(List<String> cmd, Path workDir, String failure) {
        Result r = exec(cmd, workDir, 10, Map.of());
        if (r.exitCode() != 0) {
            throw new OdooImageException(failure + ":\n" + tail(r.output()));
        }
    }

    static Result exec(List<String> cmd, Path workDir, int timeoutMinutes, Map<String, String> extraEnv) {
        // Isolated from the host's pip and Python settings; reproducible build timestamps.
        Map<String, String> env = new LinkedHashMap<>(Map.of("PIP_CONFIG_FILE", "/dev/null",
                "SOURCE_DATE_EPOCH", "315532800", "LC_ALL", "C.UTF-8"));
        env.putAll(extraEnv);
        ProcessRunner.Result r = ProcessRunner.command(cmd).directory(workDir)
                .removeEnvironment(k -> k.startsWith("PIP_") || k.startsWith("PYTHON") || k.equals("VIRTUAL_ENV"))
                .environment(env).timeout(Duration.ofMinutes(timeoutMinutes)).call();
        if (r.timedOut()) {
            throw new OdooImageException("timed out after " + timeoutMinutes + " min: " + ProcessRunner.display(cmd));
        }
        if (r.exitCode() == 127 && r.output().startsWith("cannot start ")) {
            throw new OdooImageException(r.output());
        }
        return new Result(r.exitCode(), r.output());
    }

    static String tail(String output) {
        return new ProcessRunner.Result(0, output, false).tail(25);
    }
}
