package dev.odooimage.util;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The bounded pools the goals run work on, and waiting for their results. */
public final class Parallel {
    private Parallel() {
    }

    /** A fixed pool of daemon threads named {@code name}: a hung task never keeps Maven alive. */
    public static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The task's result; its own unchecked exception (an {@link OdooImageException} with the
     * user's message, typically) is rethrown as is. {@code doing} completes "interrupted while ...".
     */
    public static <T> T await(Future<T> future, String doing) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooImageException("interrupted while " + doing, e);
        }
    }
}
