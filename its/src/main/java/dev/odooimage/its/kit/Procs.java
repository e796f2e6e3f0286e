package dev.odooimage.its.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands for the kit: stdout and stderr merged, bounded by a timeout, the whole
 * output kept (optionally also written to a log file). Never used for secrets on the command line.
 */
public final class Procs {

    /** Outcome of one command. */
    public record Result(List<String> command, int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Returns this result, or throws with the command and its output when it failed. */
        public Result orThrow() {
            if (exitCode != 0) {
                throw new IllegalStateException("command failed (exit " + exitCode + "): "
                        + String.join(" ", command) + "\n" + tail(output, 60));
            }
            return this;
        }
    }

    private Procs() {
    }

    public static Result run(List<String> command) {
        return run(command, null, Map.of(), null, Duration.ofMinutes(10), null);
    }

    public static Result run(String... command) {
        return run(List.of(command));
    }

    /**
     * Runs {@code command} in {@code dir} (null: current), with extra environment, feeding
     * {@code stdin} (null: empty), killing it after {@code timeout}; when {@code log} is set the
     * output is also written there.
     */
    public static Result run(List<String> command, Path dir, Map<String, String> env, String stdin,
            Duration timeout, Path log) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        try {
            Path out = log != null ? log : Files.createTempFile("kit-proc", ".log");
            Files.createDirectories(out.toAbsolutePath().getParent());
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process may exit without reading its input; its exit code tells the story
            }
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (log == null) {
                Files.deleteIfExists(out);
            }
            if (!done) {
                text += "\n[kit] killed after timeout " + timeout;
                return new Result(List.copyOf(command), 124, text);
            }
            return new Result(List.copyOf(command), p.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** Whether {@code program} is found on the PATH (or is an executable path). */
    public static boolean onPath(String program) {
        return which(program) != null;
    }

    /** The executable for {@code program} on the PATH, or null. */
    public static Path which(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        List<String> dirs = new ArrayList<>(List.of(path.split(":")));
        dirs.add("/usr/sbin");
        dirs.add("/sbin");
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, program);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    /** The last {@code lines} lines of {@code text}. */
    public static String tail(String text, int lines) {
        String[] all = text.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        StringBuilder sb = new StringBuilder();
        if (from > 0) {
            sb.append("[... ").append(from).append(" lines before]\n");
        }
        for (int i = from; i < all.length; i++) {
            sb.append(all[i]).append('\n');
        }
        return sb.toString();
    }

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Whether this JVM runs as root (euid 0). */
    public static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
