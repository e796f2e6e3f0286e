package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.MavenRunner;

/**
 * The archetype as a user runs it (mvn archetype:generate, batch mode). The file-by-file
 * comparison for every series is the archetype module's own integration test
 * (src/test/resources/projects); this covers what that harness cannot: failures.
 */
class ArchetypeSeriesIT {

    @Test
    void batchGenerationNeedsOnlyGroupIdAndArtifactId() throws Exception {
        Path work = ItsMaven.workDir(getClass(), "defaults");

        ItsMaven.generate(work, Map.of("groupId", "com.example", "artifactId", "acme-odoo")).assertSuccess();

        Path project = work.resolve("acme-odoo");
        String pom = Files.readString(project.resolve("pom.xml"));
        assertTrue(pom.contains("<packaging>odoo-image</packaging>"), pom);
        assertTrue(pom.contains("<odoo.series>17.0</odoo.series>"), pom);
        assertTrue(pom.contains("<odoo.base.image>docker.io/library/python:3.10.20-slim-trixie</odoo.base.image>"));
        assertTrue(pom.contains("<odoo.image.tag>17.0-py310-trixie-r0001</odoo.image.tag>"));
        assertTrue(pom.contains("<odoo-maven-plugin.version>" + ItsMaven.projectVersion() + "<"), pom);
        assertTrue(Files.readString(project.resolve(".gitignore")).contains("target/"));
        assertFalse(Files.exists(project.resolve("gitignore")));
        assertTrue(Files.readString(project.resolve("repos.yaml")).contains("- odoo 17.0"));
    }

    @Test
    void unsupportedSeriesFailsWithTheSupportedListAndLeavesNothing() throws Exception {
        Path work = ItsMaven.workDir(getClass(), "unsupported");

        MavenRunner.Result result = ItsMaven.generate(work,
                Map.of("groupId", "com.example", "artifactId", "old-odoo", "odooVersion", "15.0")).assertFailure();

        assertTrue(result.output().contains("odooVersion '15.0' is not supported"), ItsMaven.tail(result));
        for (String series : new String[] {"16.0", "17.0", "18.0", "19.0"}) {
            assertTrue(result.output().contains(series + " (Python"), ItsMaven.tail(result));
        }
        assertFalse(Files.exists(work.resolve("old-odoo")), "no half-generated project is left behind");
    }

    @Test
    void unknownPythonWithoutBaseImageFails() throws Exception {
        Path work = ItsMaven.workDir(getClass(), "python");

        MavenRunner.Result result = ItsMaven.generate(work, Map.of("groupId", "com.example", "artifactId", "py-odoo",
                "odooVersion", "17.0", "pythonVersion", "3.9")).assertFailure();

        assertTrue(result.output().contains("pythonVersion '3.9' has no default base image"), ItsMaven.tail(result));
        assertTrue(result.output().contains("-DbaseImage="), ItsMaven.tail(result));
        assertEquals(false, Files.exists(work.resolve("py-odoo")));
    }
}
