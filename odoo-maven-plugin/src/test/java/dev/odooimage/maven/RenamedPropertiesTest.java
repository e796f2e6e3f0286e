package dev.odooimage.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class RenamedPropertiesTest {

    @Test
    void anOldNameOnTheCommandLineOrInThePomNamesItsNewName() {
        Properties cli = new Properties();
        cli.setProperty("odoo.requirementsLock", "other.lock.txt");
        Properties pom = new Properties();
        pom.setProperty("odoo.skipCheckLock", "true");
        pom.setProperty("odoo.series", "17.0");
        assertEquals(List.of("-Dodoo.requirementsLock is now -Dodoo.python.lock",
                "<odoo.skipCheckLock> in the pom's <properties> is now <odoo.checkLock.skip>"),
                RenamedProperties.problems(cli, pom));
        assertTrue(RenamedProperties.message(cli, pom).startsWith("Renamed properties"));
    }

    @Test
    void theNewNamesPassAndNoNewNameIsAlsoAnOldOne() {
        Properties cli = new Properties();
        RenamedProperties.RENAMED.values().forEach(n -> cli.setProperty(n, "x"));
        assertNull(RenamedProperties.message(cli, cli));
    }

    @Test
    void aRemovedImageRootIsRefusedWithWhy() {
        Properties pom = new Properties();
        pom.setProperty("odoo.python.venvPath", "/srv/venv");
        assertEquals(List.of("odoo.python.venvPath is no longer a setting: the image's venv is always /opt/odoo/venv"
                + " (the oci-odoo contract); remove it"), RenamedProperties.problems(new Properties(), pom));
    }
}
