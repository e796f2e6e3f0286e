package dev.odooimage.aggregate;

import java.nio.file.Path;

import dev.odooimage.repos.GitAccess;

/**
 * How {@link Aggregator} works.
 *
 * @param workDirectory      target/odoo: {@code src/}, {@code src.json} and temp dirs go there
 * @param cache              the shared object cache
 * @param threads            aggregates processed at once (at least 1)
 * @param allowShellCommands run {@code shell_command_after} (off: such an aggregate fails)
 * @param baseDirectory      where relative {@code patches} paths are resolved (the lock's directory)
 * @param depth              a depth that overrides the lock's ones, or null
 * @param access             credentials and ssh for remotes (the same as odoo:lock)
 */
public record AggregateOptions(Path workDirectory, GitCache cache, int threads, boolean allowShellCommands,
        Path baseDirectory, Integer depth, GitAccess access) {

    public AggregateOptions {
        threads = Math.max(1, threads);
        access = access != null ? access : GitAccess.anonymous();
    }

    /** Without credentials (anonymous remotes, local repositories). */
    public AggregateOptions(Path workDirectory, GitCache cache, int threads, boolean allowShellCommands,
            Path baseDirectory, Integer depth) {
        this(workDirectory, cache, threads, allowShellCommands, baseDirectory, depth, null);
    }

    public Path srcDirectory() {
        return workDirectory.resolve("src");
    }

    public Path manifestFile() {
        return workDirectory.resolve("src.json");
    }

    /** Staging area on the same file system as src/, so the final swap is a rename. */
    public Path stagingDirectory() {
        return workDirectory.resolve(".aggregate-tmp");
    }

    public static int defaultThreads() {
        return Math.min(4, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
}
