package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Procs;
import dev.odooimage.its.kit.Skips;

/**
 * The real archetype, driven by a real Maven process, generates a client image repository on
 * which Maven then runs with the real plugin (packaging odoo-image, goal prefix odoo).
 */
class ArchetypeGenerateIT {

    @Test
    void generatesAProjectThatMavenBuildsWithThePlugin() throws Exception {
        Path work = ItWork.dir(ArchetypeGenerateIT.class, "generate");
        Path project = ArchetypeProject.generate(work, "acme-odoo",
                Map.of("odooVersion", "16.0", "imageName", "acme/odoo", "registry", "127.0.0.1:5000/acme",
                        ArchetypeProject.KEEP_PACKAGE_DEFAULTS, "true"));

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

        // the Maven wrapper: the same Maven as this project's, runnable as generated
        assertTrue(Files.isExecutable(project.resolve("mvnw")), "mvnw is executable");
        assertTrue(Files.isRegularFile(project.resolve("mvnw.cmd")), "mvnw.cmd");
        assertEquals(Files.readString(Path.of(System.getProperty("its.root", "..")).resolve(
                ".mvn/wrapper/maven-wrapper.properties")), Files.readString(project.resolve(
                        ".mvn/wrapper/maven-wrapper.properties")), "the wrapper of this project's root");
        String overrides = Files.readString(project.resolve("requirements-overrides.in"));
        assertTrue(overrides.contains("\n# !python-ldap\n") && !overrides.contains("\n!python-ldap"),
                "python-ldap is built by default; dropping it is a commented option:\n" + overrides);
        // 16.0 = bookworm, the default base (python:*-slim) has Python.h: no python3-dev
        assertEquals(List.of("fonts-dejavu-core postgresql-client libpq5", "libldap-2.5-0 libsasl2-2"),
                activeLines(project.resolve("system-runtime-packages.txt")));
        assertEquals(List.of("gcc libldap-dev libsasl2-dev"), activeLines(project.resolve("system-build-packages.txt")));
        assertTrue(Files.readString(project.resolve("system-runtime-packages.txt")).contains("#   wkhtmltopdf\n"),
                "wkhtmltopdf stays a choice");
        Path debianPython = ArchetypeProject.generate(work, "debian-python", Map.of("odooVersion", "17.0",
                "baseImage", "127.0.0.1:5000/odoo-test-base:trixie", ArchetypeProject.KEEP_PACKAGE_DEFAULTS, "true"));
        assertEquals(List.of("fonts-dejavu-core postgresql-client libpq5", "libldap2 libsasl2-2"),
                activeLines(debianPython.resolve("system-runtime-packages.txt")));
        assertEquals(List.of("gcc libldap-dev libsasl2-dev", "python3-dev"),
                activeLines(debianPython.resolve("system-build-packages.txt")));

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

    /**
     * A Maven older than the plugin needs (Debian bookworm's is 3.8.7) stops at the first goal
     * with one line naming ./mvnw. {@code -Dits.oldMaven=PATH} names that Maven (default
     * {@code /usr/bin/mvn}); the test skips loudly when there is none older than 3.9.
     */
    @Test
    void anOlderMavenIsToldToUseTheWrapper() throws Exception {
        Path oldMvn = Path.of(System.getProperty("its.oldMaven", "/usr/bin/mvn"));
        String version = null;
        if (Files.isExecutable(oldMvn)) {
            Matcher v = Pattern.compile("Apache Maven (\\d+\\.\\d+\\.\\d+)").matcher(
                    Procs.run(oldMvn.toString(), "-v").output().replaceAll("\u001B\\[[0-9;]*m", ""));
            version = v.find() ? v.group(1) : null;
        }
        Skips.require(version == null ? "no Maven at " + oldMvn + " (-Dits.oldMaven=PATH)"
                : version.compareTo("3.9") >= 0 ? oldMvn + " is Maven " + version + ", not older than 3.9" : null);
        Path work = ItWork.dir(ArchetypeGenerateIT.class, "old-maven");
        Path project = ArchetypeProject.generate(work, "old-odoo", Map.of("odooVersion", "16.0"));
        MavenRunner mvn = MavenRunner.fromSystemProperties();
        for (String goal : new String[] {"odoo:lock", "validate"}) {
            Procs.Result r = Procs.run(List.of(oldMvn.toString(), "-B", "-ntp", "-Dmaven.repo.local=" + mvn.localRepo(),
                    goal), project, Map.of(), null, Duration.ofMinutes(5), work.resolve(goal.replace(':', '-')
                            + ".log"));
            assertTrue(r.exitCode() != 0, r.output());
            assertTrue(r.output().contains("odoo-maven-plugin needs Maven 3.9.0 or later, this is Maven " + version
                    + ": run ./mvnw (this repository's Maven wrapper) instead of mvn"), Procs.tail(r.output(), 30));
        }
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

    /** The lines of a package list that are not comments or blank. */
    static List<String> activeLines(Path file) throws java.io.IOException {
        return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }
}
