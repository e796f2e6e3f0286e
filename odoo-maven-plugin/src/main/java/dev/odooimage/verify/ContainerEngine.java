package dev.odooimage.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.ProcessRunner;

/**
 * A working container engine CLI (podman or docker). A binary on the PATH is not enough:
 * {@code <engine> info} must succeed (a docker CLI without a daemon does not count).
 */
public record ContainerEngine(String executable) {
    private static final Duration INFO_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LOADED = Pattern.compile("(?m)^Loaded image(?:\\(s\\))?:\\s*(\\S+)");

    /**
     * The first working engine among {@code candidates} ("podman", "docker", or paths);
     * empty when none works. Reasons for rejected candidates go to {@code notes}.
     */
    public static Optional<ContainerEngine> detect(List<String> candidates, List<String> notes) {
        for (String c : candidates) {
            ProcessRunner.Result r = ProcessRunner.run(List.of(c, "info"), INFO_TIMEOUT);
            if (r.ok()) {
                return Optional.of(new ContainerEngine(c));
            }
            notes.add(c + ": " + (r.exitCode() == 127 ? "not installed" : "`" + c + " info` failed: "
                    + r.tail(1)));
        }
        return Optional.empty();
    }

    public String name() {
        return Path.of(executable).getFileName().toString();
    }

    /** Loads a docker or OCI image tarball; returns the reference to run it by. */
    public String load(Path tarball) {
        ProcessRunner.Result r = run(Duration.ofMinutes(15), "load", "-i", tarball.toString());
        if (!r.ok()) {
            throw new OdooImageException(name() + " load -i " + tarball + " failed: " + r.tail(5));
        }
        Matcher m = LOADED.matcher(r.output());
        String ref = null;
        while (m.find()) {
            ref = m.group(1);
        }
        if (ref == null) {
            throw new OdooImageException("cannot tell which image `" + name() + " load` loaded from " + tarball
                    + ": " + r.tail(3));
        }
        // podman prints "sha256:<id>" for untagged OCI archives; both engines run an image by id.
        return ref.split(",")[0];
    }

    /** The ids of every image the engine holds (without the {@code sha256:} prefix). */
    public java.util.Set<String> imageIds() {
        ProcessRunner.Result r = run(Duration.ofMinutes(1), "images", "-q", "--no-trunc");
        java.util.Set<String> out = new java.util.HashSet<>();
        if (r.ok()) {
            r.output().lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(l -> out.add(bareId(l)));
        }
        return out;
    }

    /** The id of image {@code ref} (without {@code sha256:}), or null when the engine does not have it. */
    public String imageId(String ref) {
        ProcessRunner.Result r = run(Duration.ofMinutes(1), "image", "inspect", "--format", "{{.Id}}", ref);
        return r.ok() ? bareId(r.output().trim()) : null;
    }

    /** Removes image {@code ref} (not forced: an image a container still uses stays); true when it is gone. */
    public boolean removeImage(String ref) {
        run(Duration.ofMinutes(2), "rmi", ref);
        return imageId(ref) == null;
    }

    private static String bareId(String id) {
        return id.startsWith("sha256:") ? id.substring(7) : id;
    }

    public ProcessRunner.Result run(Duration timeout, String... args) {
        return run(timeout, List.of(args));
    }

    public ProcessRunner.Result run(Duration timeout, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable);
        cmd.addAll(args);
        return ProcessRunner.run(cmd, timeout);
    }

    /**
     * Removes a container and its anonymous volumes, ignoring "no such container". Retries:
     * right after a container exits, the engine's own cleanup may hold it for a moment.
     */
    public void removeContainer(String name) {
        retry(() -> run(Duration.ofMinutes(2), "rm", "-f", "-v", name),
                () -> run(Duration.ofMinutes(1), "container", "inspect", name), "container " + name);
    }

    public void removeVolume(String name) {
        retry(() -> run(Duration.ofMinutes(1), "volume", "rm", "-f", name),
                () -> run(Duration.ofMinutes(1), "volume", "inspect", name), "volume " + name);
    }

    private static void retry(java.util.function.Supplier<ProcessRunner.Result> remove,
            java.util.function.Supplier<ProcessRunner.Result> exists, String what) {
        ProcessRunner.Result last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            last = remove.get();
            if (!exists.get().ok()) {
                return;
            }
            try {
                Thread.sleep(500L * (attempt + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("cannot remove " + what + ": " + (last == null ? "" : last.tail(2)));
    }
}
