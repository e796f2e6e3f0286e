package dev.odooimage.verify;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Undo actions (remove container, drop database, stop server), run in reverse order on
 * close, and also from a JVM shutdown hook so that Ctrl-C during a smoke test leaves
 * nothing behind.
 */
public final class Cleanup implements AutoCloseable {
    private final Deque<Runnable> actions = new ArrayDeque<>();
    private final Thread hook = new Thread(this::runAll, "odoo-smoke-cleanup");
    private final Consumer<String> warn;

    public Cleanup(Consumer<String> warn) {
        this.warn = warn;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public synchronized void add(Runnable action) {
        actions.push(action);
    }

    private synchronized void runAll() {
        while (!actions.isEmpty()) {
            try {
                actions.pop().run();
            } catch (RuntimeException e) {
                warn.accept("cleanup step failed: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        runAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }
}
