package dev.odooimage.its;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Procs;

/**
 * Shorthands over the kit's {@link MavenRunner} for the archetype and pin-base tests: offline
 * runs (everything is in the local repository) with numbered logs, and a raw
 * archetype:generate that may fail (the kit's {@link ArchetypeProject} asserts success).
 */
final class ItsMaven {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private ItsMaven() {
    }

    static String projectVersion() {
        String v = System.getProperty("its.project.version");
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("its.project.version is not set (run through Failsafe: mvn install)");
        }
        return v;
    }

    static MavenRunner.Result run(Path dir, String... args) {
        return run(dir, List.of(args));
    }

    static MavenRunner.Result run(Path dir, List<String> args) {
        Path log = dir.toAbsolutePath().getParent().resolve("mvn-" + RUNS.incrementAndGet() + ".log");
        return MavenRunner.fromSystemProperties().offline(true).run(dir, log, args);
    }

    /** Like {@link #run}, with extra environment variables for the child Maven. */
    static MavenRunner.Result run(Path dir, Map<String, String> env, String... args) {
        Path log = dir.toAbsolutePath().getParent().resolve("mvn-" + RUNS.incrementAndGet() + ".log");
        MavenRunner runner = MavenRunner.fromSystemProperties().offline(true);
        for (Map.Entry<String, String> e : env.entrySet()) {
            runner = runner.withEnv(e.getKey(), e.getValue());
        }
        return runner.run(dir, log, List.of(args));
    }

    /**
     * Like {@link #run}, without {@code -o}: for goals that read a base image the first time
     * (Maven's offline mode reads base images only from their cache).
     */
    static MavenRunner.Result runOnline(Path dir, String... args) {
        Path log = dir.toAbsolutePath().getParent().resolve("mvn-" + RUNS.incrementAndGet() + ".log");
        return MavenRunner.fromSystemProperties().offline(false).run(dir, log, List.of(args));
    }

    /** archetype:generate in {@code parent}, batch mode, with exactly the given properties. */
    static MavenRunner.Result generate(Path parent, Map<String, String> props) {
        List<String> args = new ArrayList<>(List.of(
                "org.apache.maven.plugins:maven-archetype-plugin:" + System.getProperty("its.archetype.version",
                        ArchetypeProject.DEFAULT_ARCHETYPE_PLUGIN_VERSION) + ":generate",
                "-DinteractiveMode=false", "-DarchetypeGroupId=dev.odooimage",
                "-DarchetypeArtifactId=odoo-image-archetype", "-DarchetypeVersion=" + projectVersion(),
                "-DarchetypeCatalog=local"));
        props.forEach((k, v) -> args.add("-D" + k + "=" + v));
        return run(parent, args);
    }

    static Path workDir(Class<?> test, String name) {
        return ItWork.dir(test, name);
    }

    static String tail(MavenRunner.Result r) {
        return Procs.tail(r.output(), 80);
    }
}
