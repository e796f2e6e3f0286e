package dev.odooimage.its.kit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the real Maven in a separate process, the way a user would: {@code <maven home>/bin/mvn}
 * with {@code -B -ntp -Dmaven.repo.local=<local repo>} always added (so the child sees the plugin
 * and archetype the outer {@code mvn install} put there), and {@code -o} when {@link #offline}.
 * The output goes to a log file the caller names (normally under the test's work directory).
 *
 * <p>Configuration comes from the system properties Failsafe sets ({@code its.maven.home},
 * {@code its.local.repo}); outside Failsafe (e.g. the example script) {@code $MAVEN_HOME} or
 * {@code mvn} on the PATH and {@code ~/.m2/repository} are used.
 */
public final class MavenRunner {

    /** One Maven run. */
    public record Result(List<String> command, int exitCode, String output, Path log) {

        public boolean ok() {
            return exitCode == 0;
        }

        /** Throws an AssertionError with the log tail unless Maven succeeded. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("Maven failed (exit " + exitCode + "): " + String.join(" ", command)
                        + "\nlog: " + log + "\n" + Procs.tail(output, 80));
            }
            return this;
        }

        /** Throws an AssertionError with the log tail unless Maven failed. */
        public Result assertFailure() {
            if (exitCode == 0) {
                throw new AssertionError("Maven succeeded but should have failed: " + String.join(" ", command)
                        + "\nlog: " + log + "\n" + Procs.tail(output, 80));
            }
            return this;
        }

        /** Throws an AssertionError with the log tail unless the output contains {@code text}. */
        public Result assertOutputContains(String text) {
            if (!output.contains(text)) {
                throw new AssertionError("Maven output lacks \"" + text + "\": " + String.join(" ", command)
                        + "\nlog: " + log + "\n" + Procs.tail(output, 80));
            }
            return this;
        }

        /** Throws an AssertionError with the log tail when the output contains {@code text}. */
        public Result assertOutputNotContains(String text) {
            if (output.contains(text)) {
                throw new AssertionError("Maven output contains \"" + text + "\": " + String.join(" ", command)
                        + "\nlog: " + log + "\n" + Procs.tail(output, 80));
            }
            return this;
        }
    }

    private final Path mavenHome;
    private final Path localRepo;
    private final boolean offline;
    private final Map<String, String> env;
    private final Duration timeout;
    private final List<String> extraArgs;

    private MavenRunner(Path mavenHome, Path localRepo, boolean offline, Map<String, String> env, Duration timeout,
            List<String> extraArgs) {
        this.mavenHome = mavenHome;
        this.localRepo = localRepo;
        this.offline = offline;
        this.env = Map.copyOf(env);
        this.timeout = timeout;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** A runner configured from {@code its.maven.home} / {@code its.local.repo} (or the fallbacks). */
    public static MavenRunner fromSystemProperties() {
        String home = System.getProperty("its.maven.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("MAVEN_HOME");
        }
        if (home == null || home.isBlank()) {
            Path mvn = Procs.which("mvn");
            if (mvn == null) {
                throw new IllegalStateException("no Maven: set -Dits.maven.home, $MAVEN_HOME or put mvn on the PATH");
            }
            try {
                home = mvn.toRealPath().getParent().getParent().toString();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        String repo = System.getProperty("its.local.repo");
        Path localRepo = repo != null && !repo.isBlank() ? Path.of(repo)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return new MavenRunner(Path.of(home), localRepo, false, Map.of(), Duration.ofMinutes(30), List.of());
    }

    /** The same runner with {@code -o} on or off. */
    public MavenRunner offline(boolean on) {
        return new MavenRunner(mavenHome, localRepo, on, env, timeout, extraArgs);
    }

    /** The same runner with an extra environment variable for the child. */
    public MavenRunner withEnv(String name, String value) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put(name, value);
        return new MavenRunner(mavenHome, localRepo, offline, e, timeout, extraArgs);
    }

    /** The same runner with another time limit per run. */
    public MavenRunner withTimeout(Duration limit) {
        return new MavenRunner(mavenHome, localRepo, offline, env, limit, extraArgs);
    }

    /** The same runner with arguments added to every run (before the run's own). */
    public MavenRunner withArgs(String... args) {
        List<String> a = new ArrayList<>(extraArgs);
        a.addAll(List.of(args));
        return new MavenRunner(mavenHome, localRepo, offline, env, timeout, a);
    }

    public Path mavenHome() {
        return mavenHome;
    }

    public Path localRepo() {
        return localRepo;
    }

    /** Runs Maven in {@code dir} with {@code args}, writing the output to {@code log}. */
    public Result run(Path dir, Path log, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(mavenHome.resolve("bin/mvn").toString());
        cmd.add("-B");
        cmd.add("-ntp");
        cmd.add("-Dstyle.color=never");
        cmd.add("-Dmaven.repo.local=" + localRepo);
        if (offline) {
            cmd.add("-o");
        }
        cmd.addAll(extraArgs);
        cmd.addAll(args);
        Map<String, String> e = new LinkedHashMap<>();
        e.put("JAVA_HOME", System.getProperty("java.home"));
        // pin the project base dir: otherwise mvn walks up to the first .mvn/ and would pick up
        // this source tree's settings when the work dir is below it
        e.put("MAVEN_BASEDIR", dir.toAbsolutePath().toString());
        e.putAll(env);
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        Procs.Result r = Procs.run(cmd, dir, e, null, timeout, log);
        return new Result(cmd, r.exitCode(), r.output(), log);
    }

    /** Varargs form of {@link #run(Path, Path, List)}. */
    public Result run(Path dir, Path log, String... args) {
        return run(dir, log, List.of(args));
    }
}
