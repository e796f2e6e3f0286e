package dev.odooimage.maven;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

class MavenVersionCheckTest {

    @Test
    void anOlderMavenIsToldToUseTheWrapper() {
        MojoExecutionException e = assertThrows(MojoExecutionException.class,
                () -> MavenVersionCheck.require("3.8.7"));
        assertEquals("odoo-maven-plugin needs Maven 3.9.0 or later, this is Maven 3.8.7: run ./mvnw (this"
                + " repository's Maven wrapper) instead of mvn", e.getMessage());
        assertThrows(MojoExecutionException.class, () -> MavenVersionCheck.require("3.9.0-alpha-1"));
    }

    @Test
    void newerOrUnknownMavenPasses() {
        assertDoesNotThrow(() -> MavenVersionCheck.require("3.9.9"));
        assertDoesNotThrow(() -> MavenVersionCheck.require("4.0.0-rc-4"));
        assertDoesNotThrow(() -> MavenVersionCheck.require("${maven.version}"));
        assertDoesNotThrow(() -> MavenVersionCheck.require(null));
    }
}
