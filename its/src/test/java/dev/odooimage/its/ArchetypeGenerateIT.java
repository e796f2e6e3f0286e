package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.MavenRunner;

/**
 * The real archetype, driven by a real Maven process, generates a client image repository on
 * which Maven then runs with the real plugin (packaging odoo-image, goal prefix odoo).
 */
class ArchetypeGenerateIT {

    @Test
    void generatesAProjectThatMavenBuildsWithThePlugin() throws Exception {
        Path work = ItWork.dir(ArchetypeGenerateIT.class, "generate");
        Path project = ArchetypeProject.generate(work, "acme-odoo",
                Map.of("odooVersion", "16.0", "imageName", "acme/odoo", "registry", "127.0.0.1:5000/acme"));

        assertEquals(work.resolve("acme-odoo"), project);
        String pom = Files.readString(project.resolve("pom.xml"));
        assertTrue(pom.contains("<artifactId>acme-odoo</artifactId>"), pom);
        assertTrue(pom.contains("<packaging>odoo-image</packaging>"), pom);
        assertTrue(pom.contains("<odoo.series>16.0</odoo.series>"), pom);
        assertTrue(pom.contains("<odoo.image.name>acme/odoo</odoo.image.name>"), pom);
        assertTrue(pom.contains("<odoo.image.registry>127.0.0.1:5000/acme</odoo.image.registry>"), pom);
        assertTrue(pom.contains("<odoo-maven-plugin.version>" + System.getProperty("its.project.version")
                + "</odoo-maven-plugin.version>"), pom);
        String repos = Files.readString(project.resolve("repos.yaml"));
        assertTrue(repos.contains("- odoo 16.0"), repos);
        assertTrue(repos.contains("target: odoo 16.0"), repos);
        assertTrue(Files.isRegularFile(project.resolve(".gitignore")), "__gitignore__ becomes .gitignore");
        for (String f : new String[] {"requirements.in", "requirements.lock.txt", "requirements-constraints.in",
                "requirements-overrides.in", "README.md"}) {
            assertTrue(Files.isRegularFile(project.resolve(f)), f);
        }

        // Maven loads the odoo-image packaging from the plugin (extensions) and runs its help goal
        MavenRunner.Result help = MavenRunner.fromSystemProperties()
                .run(project, work.resolve("help.log"), "odoo:help", "-Ddetail=false")
                .assertSuccess();
        help.assertOutputContains("odoo:help");
        Matcher m = Pattern.compile("This plugin has (\\d+) goals?").matcher(help.output());
        assertTrue(m.find(), help.output());
        assertTrue(Integer.parseInt(m.group(1)) >= 1);
        // the plugin under test (this build's version) ran, on a project of packaging odoo-image
        help.assertOutputContains("--- odoo:" + System.getProperty("its.project.version") + ":help (default-cli) @ acme-odoo ---");
        help.assertOutputContains("[ odoo-image ]");
    }

    @Test
    void defaultsGiveAnOdoo17Project() throws Exception {
        Path work = ItWork.dir(ArchetypeGenerateIT.class, "defaults");
        Path project = ArchetypeProject.generate(work, "plain-odoo", Map.of());
        assertTrue(Files.readString(project.resolve("pom.xml")).contains("<odoo.series>17.0</odoo.series>"));
        assertTrue(Files.readString(project.resolve("pom.xml")).contains("<odoo.image.name>plain-odoo</odoo.image.name>"));
        for (String p : new String[] {"version", "interpreter", "platform", "glibc"}) {
            assertTrue(Files.readString(project.resolve("pom.xml")).contains(
                    "<odoo.python." + p + ">auto</odoo.python." + p + ">"), "read from the base image: " + p);
        }
        assertTrue(Files.readString(project.resolve("repos.yaml")).contains("- odoo 17.0"));
    }
}
