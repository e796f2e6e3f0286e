package dev.odooimage.its.kit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The container engine of the machine: podman (preferred) or docker (only when its engine
 * answers {@code docker info}; a docker CLI without a daemon does not count). Force a choice with
 * {@code -Dits.container.engine=podman|docker|none}.
 *
 * <p>Tests that need an engine call {@link #assumeAvailable()}: without one they skip loudly
 * (System.err banner plus a JUnit assumption carrying the reason). Containers started through
 * {@link #runDetached} are removed by {@link #close()}, as are the names of images loaded through
 * {@link #load} (never forced: parallel test runs may share an image).
 *
 * <p>On these machines podman runs as root with {@code runc} and no default ulimits
 * ({@code /etc/containers/containers.conf}: {@code [containers] default_ulimits = []},
 * {@code [engine] runtime = "runc"}); {@code --network host} and {@code -p} both work.
 */
public final class ContainerEngine implements AutoCloseable {

    private final String name;
    private final Path executable;
    private final String unavailableReason;
    private final Set<String> containers = new LinkedHashSet<>();
    private final Set<String> images = new LinkedHashSet<>();

    private ContainerEngine(String name, Path executable, String unavailableReason) {
        this.name = name;
        this.executable = executable;
        this.unavailableReason = unavailableReason;
    }

    /** Detects the engine; never throws (see {@link #available()} and {@link #unavailableReason()}). */
    public static ContainerEngine detect() {
        String forced = System.getProperty("its.container.engine", "").strip();
        if (forced.equals("none")) {
            return new ContainerEngine(null, null, "container engine disabled by -Dits.container.engine=none");
        }
        List<String> reasons = new ArrayList<>();
        for (String candidate : List.of("podman", "docker")) {
            if (!forced.isEmpty() && !forced.equals(candidate)) {
                continue;
            }
            Path exe = Procs.which(candidate);
            if (exe == null) {
                reasons.add(candidate + ": not on the PATH");
                continue;
            }
            Procs.Result info = Procs.run(List.of(exe.toString(), "info", "--format",
                    candidate.equals("podman") ? "{{.Host.OCIRuntime.Name}}" : "{{.ServerVersion}}"),
                    null, Map.of(), null, Duration.ofSeconds(60), null);
            if (info.ok() && !info.output().isBlank()) {
                return new ContainerEngine(candidate, exe, null);
            }
            reasons.add(candidate + ": '" + candidate + " info' failed: " + firstLine(info.output()));
        }
        return new ContainerEngine(null, null, "no usable container engine (" + String.join("; ", reasons) + ")");
    }

    public boolean available() {
        return unavailableReason == null;
    }

    /** Why there is no engine, or null. */
    public String unavailableReason() {
        return unavailableReason;
    }

    /** Skips the calling test loudly when there is no engine. */
    public ContainerEngine assumeAvailable() {
        Skips.require(unavailableReason);
        return this;
    }

    /** "podman" or "docker". */
    public String name() {
        return name;
    }

    public Path executable() {
        return executable;
    }

    /** Runs {@code <engine> args...} and returns the result (failed or not). */
    public Procs.Result exec(List<String> args, Duration timeout) {
        requireAvailable();
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.addAll(args);
        return Procs.run(cmd, null, Map.of(), null, timeout, null);
    }

    /** Runs {@code <engine> args...}; throws when it fails. */
    public String exec(String... args) {
        return exec(List.of(args), Duration.ofMinutes(10)).orThrow().output().strip();
    }

    /**
     * Loads a docker-save/OCI archive ({@code <engine> load -i}) and returns the image ID; the
     * image is removed on {@link #close()}.
     */
    public String load(Path tarball) {
        String out = exec("load", "-i", tarball.toAbsolutePath().toString());
        String ref = null;
        for (String line : out.split("\n")) {
            int i = line.indexOf("Loaded image");
            if (i >= 0) {
                String rest = line.substring(line.indexOf(':', i) + 1).strip();
                ref = rest.split(",")[0].strip();
            }
        }
        if (ref == null) {
            throw new IllegalStateException(name + " load printed no image: " + out);
        }
        String id = exec("image", "inspect", "--format", "{{.Id}}", ref);
        // remember the name, not the ID: other tests (other JVMs) may hold the same image
        images.add(ref.startsWith("sha256:") ? id : ref);
        return id;
    }

    /** {@code <engine> run --rm runArgs...} to completion; returns exit code and output. */
    public Procs.Result runRm(List<String> runArgs, Duration timeout) {
        List<String> args = new ArrayList<>(List.of("run", "--rm"));
        args.addAll(runArgs);
        return exec(args, timeout);
    }

    /** {@code <engine> run -d runArgs...}; returns the container ID (removed on {@link #close()}). */
    public String runDetached(List<String> runArgs) {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(runArgs);
        String id = exec(args, Duration.ofMinutes(5)).orThrow().output().strip();
        id = id.substring(id.lastIndexOf('\n') + 1).strip();
        containers.add(id);
        return id;
    }

    /** The logs of container {@code id} (stdout and stderr). */
    public String logs(String id) {
        return exec(List.of("logs", id), Duration.ofMinutes(1)).output();
    }

    /** Whether container {@code id} is running. */
    public boolean isRunning(String id) {
        Procs.Result r = exec(List.of("inspect", "--format", "{{.State.Running}}", id), Duration.ofMinutes(1));
        return r.ok() && r.output().strip().equals("true");
    }

    /** Removes container {@code id} (forced, running or not). */
    public void rm(String id) {
        exec(List.of("rm", "-f", id), Duration.ofMinutes(2));
        containers.remove(id);
    }

    /**
     * Removes the name {@code ref} (not forced: an image with other names, or used by a container,
     * stays; only its last name takes the image with it). Failures are ignored.
     */
    public void rmi(String ref) {
        exec(List.of("rmi", ref), Duration.ofMinutes(2));
        images.remove(ref);
    }

    /** Removes the containers this instance started and the image names it loaded. */
    @Override
    public void close() {
        if (!available()) {
            return;
        }
        for (String c : List.copyOf(containers)) {
            rm(c);
        }
        for (String i : List.copyOf(images)) {
            rmi(i);
        }
    }

    private void requireAvailable() {
        if (!available()) {
            throw new IllegalStateException(unavailableReason);
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
