package dev.odooimage.its;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real Maven of the build (its.maven.home, its.local.repo, set by Failsafe) on a
 * generated project. Small on purpose: the shared test kit (dev.odooimage.its.kit) replaces
 * it once it is on main.
 */
final class ItsMaven {
    static final String ARCHETYPE_PLUGIN = "org.apache.maven.plugins:maven-archetype-plugin:"
            + System.getProperty("its.archetype.version", "3.3.1") + ":generate";

    record Result(int exitCode, String output) {
        Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("Maven failed (exit " + exitCode + "):\n" + tail());
            }
            return this;
        }

        Result assertFailure() {
            if (exitCode == 0) {
                throw new AssertionError("Maven succeeded but should have failed:\n" + tail());
            }
            return this;
        }

        String tail() {
            return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
        }
    }

    static String projectVersion() {
        String v = System.getProperty("its.project.version");
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("its.project.version is not set (run through Failsafe: mvn install)");
        }
        return v;
    }

    static Result run(Path dir, List<String> args) {
        String home = System.getProperty("its.maven.home");
        String repo = System.getProperty("its.local.repo");
        if (home == null || repo == null) {
            throw new IllegalStateException("its.maven.home / its.local.repo are not set (run through Failsafe)");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(home, "bin", "mvn").toString(), "-B", "-ntp",
                "-o", "-Dstyle.color=never", "-Dmaven.repo.local=" + repo));
        cmd.addAll(args);
        try {
            Files.createDirectories(dir);
            Path log = Files.createTempFile(dir.getParent() == null ? dir : dir.getParent(), "mvn-", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            // Otherwise mvn walks up to this source tree's .mvn/ when the work dir is below it.
            env.put("MAVEN_BASEDIR", dir.toAbsolutePath().toString());
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("Maven timed out: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static Result run(Path dir, String... args) {
        return run(dir, List.of(args));
    }

    /** archetype:generate in {@code parent}, batch mode, with exactly the given properties. */
    static Result generate(Path parent, Map<String, String> props) {
        List<String> args = new ArrayList<>(List.of(ARCHETYPE_PLUGIN, "-DinteractiveMode=false",
                "-DarchetypeGroupId=dev.odooimage", "-DarchetypeArtifactId=odoo-image-archetype",
                "-DarchetypeVersion=" + projectVersion(), "-DarchetypeCatalog=local"));
        props.forEach((k, v) -> args.add("-D" + k + "=" + v));
        return run(parent, args);
    }

    static Path workDir(Class<?> test, String name) {
        String root = System.getProperty("its.work", "target/its-work");
        Path dir = Path.of(root, test.getSimpleName(), name).toAbsolutePath();
        try {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
