package dev.odooimage.aggregate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive lock on one cache entry, across threads of this JVM (a {@link ReentrantLock}
 * per lock file) and across processes (an OS file lock). Two builds sharing a cache take
 * turns on an entry; different entries proceed in parallel.
 */
final class CacheLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private CacheLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    static CacheLock acquire(Path lockFile) throws IOException {
        return acquire(lockFile, () -> {
        });
    }

    /**
     * Like {@link #acquire(Path)}; {@code waiting} runs once, before blocking, when another
     * thread or process holds the lock (so the user is told why nothing happens).
     */
    static CacheLock acquire(Path lockFile, Runnable waiting) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock jvm = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        boolean told = false;
        if (!jvm.tryLock()) {
            waiting.run();
            told = true;
            jvm.lock();
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(key.getParent());
            ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                try {
                    FileLock got = ch.tryLock();
                    if (got == null) {
                        if (!told) {
                            waiting.run();
                            told = true;
                        }
                        got = ch.lock();
                    }
                    return new CacheLock(jvm, ch, got);
                } catch (OverlappingFileLockException e) {
                    // Another class loader of this JVM (a second plugin realm) holds it: wait.
                    if (!told) {
                        waiting.run();
                        told = true;
                    }
                    sleep();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            jvm.unlock();
            throw e;
        }
    }

    /** The lock file's channel, to note who holds it (advisory locks do not stop reads). */
    FileChannel channel() {
        return channel;
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a cache lock", ie);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            jvmLock.unlock();
        }
    }
}
