package dev.odooimage.aggregate;

import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jgit.storage.file.WindowCacheConfig;

/**
 * JGit reads packs through a process-wide cache of windows, by default 8 KiB windows within
 * 10 MiB, with a 10 MiB cache of delta bases: made for small repositories, it reads a big
 * pack (Odoo's is hundreds of MiB) in tens of thousands of 8 KiB reads and inflates delta
 * bases again and again. Larger windows and caches, still on the heap and bounded (well
 * within a 512 MiB heap), are set once, before the first aggregate is exported.
 */
final class PackReading {
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private PackReading() {
    }

    static void configure() {
        if (!DONE.compareAndSet(false, true)) {
            return;
        }
        WindowCacheConfig c = new WindowCacheConfig();
        c.setPackedGitWindowSize(64 * 1024);
        c.setPackedGitLimit(64L << 20);
        c.setDeltaBaseCacheLimit(32 << 20);
        c.setPackedGitOpenFiles(128);
        c.install();
    }
}
