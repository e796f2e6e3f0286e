package dev.odooimage.its.kit;

import org.junit.jupiter.api.Assumptions;

/**
 * Loud skips: a test may skip only where the thing it needs truly cannot exist on this machine
 * (e.g. no container engine at all). The reason goes to System.err in a banner, so a skipped run
 * is visible in the build log, and into the JUnit assumption.
 */
public final class Skips {

    private Skips() {
    }

    /** Skips the calling test when {@code reason} is not null. */
    public static void require(String reason) {
        if (reason != null) {
            String line = "!".repeat(78);
            System.err.println(line + "\n!! SKIPPED (" + caller() + "): " + reason + "\n" + line);
            Assumptions.abort(reason);
        }
    }

    private static String caller() {
        StackTraceElement[] st = Thread.currentThread().getStackTrace();
        for (StackTraceElement e : st) {
            if (!e.getClassName().startsWith("dev.odooimage.its.kit") && !e.getClassName().startsWith("java.")) {
                return e.getClassName() + "." + e.getMethodName();
            }
        }
        return "?";
    }
}
