package dev.odooimage.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The one way the plugin runs an external command (pip, psql, podman, {@code sh -c} of
 * {@code shell_command_after}), configured like a JGit command and run by {@link #call()}:
 * <pre>
 * ProcessRunner.command(cmd).directory(dir).environment(env).timeout(Duration.ofMinutes(5)).call()
 * </pre>
 * stdout and stderr are captured together; stdin is closed at once (nothing we run may wait for
 * input); on timeout the process and its descendants are killed. Command lines never carry
 * secrets (they go as files or environment variables), and {@link #display} masks URL
 * credentials anyway before a command line reaches a message.
 */
public final class ProcessRunner {

    /** Exit code (-1 on timeout, 127 when it could not start) and combined stdout + stderr. */
    public record Result(int exitCode, String output, boolean timedOut) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** The last {@code n} lines, for error messages. */
        public String tail(int n) {
            List<String> lines = output.strip().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    private final List<String> command;
    private Path directory;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Predicate<String> removeEnvironment = name -> false;
    private Duration timeout = Duration.ofMinutes(10);

    private ProcessRunner(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        this.command = List.copyOf(command);
    }

    /** A command to run; nothing happens until {@link #call()}. */
    public static ProcessRunner command(List<String> command) {
        return new ProcessRunner(command);
    }

    /** Working directory (default: the build's). */
    public ProcessRunner directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /** Variables added to (or replacing those of) the build's environment. */
    public ProcessRunner environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** Drops the build's variables whose name matches, before {@link #environment} is applied. */
    public ProcessRunner removeEnvironment(Predicate<String> names) {
        removeEnvironment = names;
        return this;
    }

    /** How long the command may run (default 10 minutes). */
    public ProcessRunner timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Shorthand: {@code command(command).timeout(timeout).call()}. */
    public static Result run(List<String> command, Duration timeout) {
        return command(command).timeout(timeout).call();
    }

    /** Shorthand with extra environment variables and a working directory (may be null). */
    public static Result run(List<String> command, Duration timeout, Map<String, String> env, Path dir) {
        return command(command).timeout(timeout).environment(env).directory(dir).call();
    }

    /** A command line fit for a log or an error message: URL credentials masked. */
    public static String display(List<String> command) {
        return UrlMask.maskText(String.join(" ", command));
    }

    /** Runs the command and waits for it (at most the timeout). */
    public Result call() {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(removeEnvironment);
        pb.environment().putAll(environment);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        Process p;
        try {
            p = pb.start();
            p.getOutputStream().close();
        } catch (IOException e) {
            return new Result(127, "cannot start " + command.get(0) + ": " + e.getMessage(), false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> copy(p.getInputStream(), out), "odoo-process-output");
        pump.setDaemon(true);
        pump.start();
        try {
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            pump.join(5000);
            String text;
            synchronized (out) {
                text = out.toString(StandardCharsets.UTF_8);
            }
            return new Result(done ? p.exitValue() : -1, text, !done);
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted", true);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            if (!"Stream closed".equals(e.getMessage())) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
