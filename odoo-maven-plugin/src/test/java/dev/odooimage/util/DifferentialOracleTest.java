package dev.odooimage.util;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class DifferentialOracleTest {

    private final String before = System.getProperty(DifferentialOracle.REQUIRE);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(DifferentialOracle.REQUIRE);
        } else {
            System.setProperty(DifferentialOracle.REQUIRE, before);
        }
    }

    @Test
    void aMissingInterpreterSkipsOnADeveloperMachine() {
        System.clearProperty(DifferentialOracle.REQUIRE);
        assertThrows(TestAbortedException.class, () -> DifferentialOracle.require(false, "no python3"));
        DifferentialOracle.require(true, "python3");
    }

    @Test
    void aMissingInterpreterFailsWhereCiRequiresTheComparison() {
        System.setProperty(DifferentialOracle.REQUIRE, "true");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> DifferentialOracle.require(false, "no packaging"));
        assertTrue(e.getMessage().contains("no packaging") && e.getMessage().contains(DifferentialOracle.REQUIRE),
                e.getMessage());
    }
}
