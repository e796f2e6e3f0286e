package dev.odooimage.aggregate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The lock of one project's work directory ({@code target/odoo/.build.lock}). Builds of one
 * project take turns: two at once would delete each other's staging directories and trust
 * each other's half-written trees. A build that has to wait says so, and who holds the lock.
 * Across processes it is an OS file lock, released by the kernel when its holder dies.
 */
public final class WorkLock implements AutoCloseable {
    /** The lock file's name inside the work directory. */
    public static final String FILE = ".build.lock";

    private final CacheLock lock;

    private WorkLock(CacheLock lock) {
        this.lock = lock;
    }

    /** Blocks until this process holds the work directory; {@code waiting} hears why it waits. */
    public static WorkLock acquire(Path workDirectory, Consumer<String> waiting) throws IOException {
        Path file = workDirectory.resolve(FILE);
        CacheLock l = CacheLock.acquire(file, () -> waiting.accept("Waiting for another build of this project to"
                + " finish: " + holder(file) + " holds " + file + " (builds of one project take turns on its work"
                + " directory; stop the other build, or use another -Dodoo.workDirectory, not to wait)."));
        try {
            byte[] who = ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            l.channel().truncate(0);
            l.channel().write(ByteBuffer.wrap(who), 0);
        } catch (IOException e) {
            l.close();
            throw e;
        }
        return new WorkLock(l);
    }

    private static String holder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return s.matches("pid [0-9]+") ? "process " + s.substring(4) : "another build";
        } catch (IOException | RuntimeException e) {
            return "another build";
        }
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
