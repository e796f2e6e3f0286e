package dev.odooimage.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.odooimage.util.OdooImageException;
import dev.odooimage.verify.ContainerEngine;
import dev.odooimage.util.ProcessRunner;

/**
 * One throw-away container run on an image the build already has: {@code --rm}, no network,
 * no capabilities, a non-root user, {@code SOURCE_DATE_EPOCH=0}, the given host directories
 * mounted (read-only unless it is the one output directory), {@code /bin/sh -c script}. The
 * same recipe for every build step that must run the image's own tools (bytecode, compiled
 * sdists): nothing of the host leaks in, nothing of the container stays.
 */
public final class ThrowAwayContainer {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./+-]+");

    private final ContainerEngine engine;
    private final String image;
    private final String namePrefix;
    private final List<String> mounts = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path output;
    private String outputPath;

    /** @param namePrefix what the container's name starts with, e.g. {@code odoo-bytecode} */
    public ThrowAwayContainer(ContainerEngine engine, String image, String namePrefix) {
        this.engine = engine;
        this.image = image;
        this.namePrefix = namePrefix;
        env.put("SOURCE_DATE_EPOCH", "0");
    }

    /** Mounts {@code host} read-only at {@code path}. */
    public ThrowAwayContainer readOnly(Path host, String path) {
        mounts.addAll(List.of("-v", safe(host.toAbsolutePath().toString()) + ":" + safe(path) + ":ro"));
        return this;
    }

    /** The one writable directory: {@code host} (made by the caller) mounted at {@code path}. */
    public ThrowAwayContainer output(Path host, String path) {
        this.output = host;
        this.outputPath = safe(path);
        return this;
    }

    public ThrowAwayContainer env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** What a run gave: the engine's result and the container name (removed already on timeout). */
    public record Run(ProcessRunner.Result result, String name) {
        public boolean timedOut() {
            return result.timedOut();
        }
    }

    /** Runs {@code /bin/sh -c script args...}; on timeout the container is removed. */
    public Run run(Duration timeout, String script, List<String> args) {
        if (output == null) {
            throw new IllegalStateException("no output directory");
        }
        String name = namePrefix + "-" + Long.toHexString(System.nanoTime());
        List<String> cmd = new ArrayList<>(List.of("run", "--rm", "--name", name, "--network", "none",
                // label=disable: SELinux hosts refuse unlabelled bind mounts; relabelling (:z)
                // would rewrite the xattrs of the host's files.
                "--security-opt", "label=disable"));
        try {
            cmd.addAll(user(engine, output));
        } catch (IOException e) {
            throw new OdooImageException("cannot prepare " + output + ": " + e.getMessage());
        }
        env.forEach((k, v) -> cmd.addAll(List.of("-e", k + "=" + v)));
        cmd.addAll(List.of("--entrypoint", "/bin/sh"));
        cmd.addAll(mounts);
        cmd.addAll(List.of("-v", safe(output.toAbsolutePath().toString()) + ":" + outputPath, image, "-c", script,
                "sh"));
        cmd.addAll(args);
        ProcessRunner.Result r = engine.run(timeout, cmd);
        if (r.timedOut()) {
            engine.removeContainer(name);
        }
        return new Run(r, name);
    }

    /**
     * A non-root user, without capabilities, that can write the output directory: as root on
     * the host, nobody (65534) with a world-writable output and only the capability to read
     * any file (a checkout made under umask 077 belongs to root and is not world-readable;
     * podman grants it, docker keeps no capability for a non-root user, so with docker such a
     * checkout must be readable by others); otherwise the caller's own uid (podman keeps it
     * with {@code --userns=keep-id}, so a rootless build can move the files afterwards).
     */
    static List<String> user(ContainerEngine engine, Path out) throws IOException {
        int uid = (Integer) Files.getAttribute(out, "unix:uid");
        int gid = (Integer) Files.getAttribute(out, "unix:gid");
        if (uid == 0) {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
            return List.of("--user", "65534:65534", "--cap-drop=all", "--cap-add=DAC_READ_SEARCH");
        }
        List<String> u = new ArrayList<>(List.of("--cap-drop=all"));
        if (engine.name().startsWith("podman")) {
            u.add("--userns=keep-id");
        }
        u.addAll(List.of("--user", uid + ":" + gid));
        return u;
    }

    /** A path a {@code -v host:container} mount can take, else a clear error. */
    public static String safe(String s) {
        if (!SAFE.matcher(s).matches()) {
            throw new OdooImageException("path '" + s + "' has characters a container mount cannot take; move the"
                    + " project to a plain path");
        }
        return s;
    }
}
