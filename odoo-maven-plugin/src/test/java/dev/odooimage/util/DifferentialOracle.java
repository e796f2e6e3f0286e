package dev.odooimage.util;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The skip rule of the differential tests (our PEP 440, markers, literal parser and Debian
 * versions against CPython, {@code packaging} and dpkg): on a developer machine without the
 * reference tool they skip loudly; where {@code -Dodoo.test.requireDifferential=true} is set (scripts/test.sh,
 * hence CI) a missing interpreter fails the build, so CI never passes without the comparison.
 */
public final class DifferentialOracle {

    /** The system property that turns a skipped differential test into a failure. */
    public static final String REQUIRE = "odoo.test.requireDifferential";

    private DifferentialOracle() {
    }

    /**
     * Goes on when the reference is available; otherwise skips, or fails under {@link #REQUIRE}.
     *
     * @param available whether the reference interpreter (or library) answered
     * @param what what is missing and what it was needed for
     */
    public static void require(boolean available, String what) {
        if (available) {
            return;
        }
        if (Boolean.getBoolean(REQUIRE)) {
            Assertions.fail("differential test cannot run: " + what + " (" + REQUIRE
                    + " is set: install it, see scripts/setup-host.sh)");
        }
        System.err.println("!!! SKIPPED differential test: " + what + " !!!");
        Assumptions.assumeTrue(false, what);
    }
}
