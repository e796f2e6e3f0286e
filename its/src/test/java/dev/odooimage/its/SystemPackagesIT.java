package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.its.kit.ContainerEngine;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.LocalRegistry;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Procs;
import dev.odooimage.its.kit.Skips;
import dev.odooimage.its.kit.TestBaseImage;

/**
 * Debian packages without a daemon, end to end: {@code odoo:system-lock} against the real Debian
 * archive and the kit's test base image, {@code mvn package} (odoo:system-packages + the real Jib on
 * the derived base), the same image bytes from a second copy, {@code mvn -o package} from the warm
 * cache, and the image run by podman as uid 1000: wkhtmltopdf, pg_dump and dpkg -l.
 */
class SystemPackagesIT {
    static final String PACKAGES = "wkhtmltopdf fonts-dejavu-core\npostgresql-client-15 libldap-2.5-0\n";

    @Test
    void lockPackageAndRunTheToolsAsUid1000() throws Exception {
        Skips.require(TestBaseImage.unavailableReason());
        InstalledPlugin.require(List.of("system-lock", "system-packages"), List.of());
        TestBaseImage base = TestBaseImage.get();
        Path work = ItWork.dir(SystemPackagesIT.class, "system");
        Path cache = work.resolve("deb-cache");
        Path project = writeProject(work.resolve("app"), base, cache);
        // Jib's own cache of base layers, per test (its local-base entries are keyed by diff id);
        // Jib reads this setting from the command line only.
        MavenRunner mvn = MavenRunner.fromSystemProperties().withArgs("-Djib.baseImageCache=" + work.resolve("jib-cache"));

        mvn.run(project, work.resolve("package-no-lock.log"), "package").assertFailure()
                .assertOutputContains("run `mvn odoo:system-lock`");
        long t0 = System.nanoTime();
        mvn.run(project, work.resolve("system-lock.log"), "odoo:system-lock").assertSuccess();
        long lockMs = (System.nanoTime() - t0) / 1_000_000;
        String lock = Files.readString(project.resolve("system-packages.lock"));
        assertTrue(lock.contains("\nPackage: wkhtmltopdf\n") && lock.contains("\nWhy: via postgresql-client-15\n"), lock);

        t0 = System.nanoTime();
        mvn.run(project, work.resolve("package-cold.log"), "package").assertSuccess()
                // shared-libraries: every DT_NEEDED of the layer's ELF files is found in base + layer
                .assertOutputContains(" ELF files of the package layer checked, 0 missing libraries");
        long coldMs = (System.nanoTime() - t0) / 1_000_000;
        Path image = project.resolve("target/jib-image.tar");
        String lockText = Files.readString(project.resolve("system-packages.lock"));
        // release, -updates and -security by default, each InRelease recorded, each package's source named
        for (String suite : List.of("bookworm", "bookworm-updates", "bookworm-security")) {
            assertTrue(lockText.contains("\nCodename: " + suite + "\n"), suite + " in\n" + lockText);
        }
        assertTrue(lockText.contains("\nFrom: bookworm-security\n") || lockText.contains("\nFrom: bookworm-updates\n"),
                "some package comes from the updates (PostgreSQL point releases do)");

        // odoo:verify's shared-libraries check over the real image (this test image fails other checks
        // on purpose: no odoo-run, no /run/odoo; only this check's verdict counts here)
        mvn.run(project, work.resolve("verify.log"), "odoo:verify").assertFailure();
        JsonNode libs = check(project.resolve("target/odoo/verify-report.json"), "shared-libraries");
        assertEquals("pass", libs.path("status").asText(), libs.toPrettyString());
        assertTrue(libs.path("message").asText().matches("\\d{3,} ELF file\\(s\\) checked, every needed library found"),
                libs.toPrettyString());

        // A second copy, built offline from the warm .deb cache: the same image, byte for byte.
        Path second = work.resolve("copy/app");
        writeProject(second, base, cache);
        Files.copy(project.resolve("system-packages.lock"), second.resolve("system-packages.lock"));
        t0 = System.nanoTime();
        mvn.offline(true).run(second, work.resolve("package-offline.log"), "package").assertSuccess();
        long warmMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(-1L, Files.mismatch(image, second.resolve("target/jib-image.tar")), "same inputs, same image");

        // A source change (here the project's code, a layer Jib adds above) leaves the package layer
        // as it was: same diff id, the derived base not written again.
        List<String> before = diffIds(second.resolve("target/jib-image.tar"));
        Files.writeString(second.resolve("src/main/java/kit/Main.java"),
                "package kit;\npublic class Main { public static void main(String[] a) { System.exit(1); } }\n");
        mvn.offline(true).run(second, work.resolve("package-source-change.log"), "package").assertSuccess()
                .assertOutputContains("Package layer up to date").assertOutputContains("up to date)");
        List<String> after = diffIds(second.resolve("target/jib-image.tar"));
        String layerId = props(second.resolve("target/odoo/system/packages-layer.properties")).getProperty("diffId");
        int at = before.indexOf(layerId);
        assertTrue(at > 0 && after.indexOf(layerId) == at, layerId + " in " + before + " and " + after);
        assertEquals(before.subList(0, at + 1), after.subList(0, at + 1), "base and package layers unchanged");
        assertTrue(!before.equals(after), "the code layer changed");

        // Drift: a new package without a new lock fails the build with the command to run.
        Files.writeString(second.resolve("system-runtime-packages.txt"), PACKAGES + "libzbar0\n");
        mvn.offline(true).run(second, work.resolve("package-drift.log"), "package").assertFailure()
                .assertOutputContains("is out of date");

        long baseSize = Files.size(base.tarball());
        long layerGz = Files.size(project.resolve("target/odoo/system/packages-layer.tar.gz"));
        // The package layer is in the image compressed (Jib copies a tar base's layers as they are).
        assertTrue(Files.size(image) < baseSize + layerGz + 1_000_000, Files.size(image) + " bytes");
        System.out.printf("system-packages benchmark: system-lock %d ms, package cold %d ms, offline warm %d ms,"
                + " image tar %d bytes, base tar %d bytes%n", lockMs, coldMs, warmMs, Files.size(image), baseSize);

        // A registry base (pinned by digest, from the kit's local registry): RegistryBaseTarball saves
        // it once under the cache, the package layer goes on top, the same layers as from tar://.
        try (LocalRegistry registry = LocalRegistry.start()) {
            LocalRegistry.Pushed pushed = base.pushTo(registry);
            Path third = work.resolve("registry/app");
            writeProject(third, pushed.pinned(), cache);
            Files.copy(project.resolve("system-packages.lock"), third.resolve("system-packages.lock"));
            mvn.run(third, work.resolve("package-registry.log"), "package").assertSuccess();
            try (var saved = Files.list(cache.resolve("bases"))) {
                List<Path> tars = saved.filter(f -> f.getFileName().toString().startsWith(
                        pushed.digest().replace(':', '-'))).toList();
                assertEquals(1, tars.size(), "the registry base saved once under the cache: " + tars);
            }
            assertEquals(diffIds(image), diffIds(third.resolve("target/jib-image.tar")),
                    "same base layers and package layer from the registry as from tar://");
        }

        try (ContainerEngine engine = ContainerEngine.detect().assumeAvailable()) {
            String id = engine.load(image);
            Procs.Result r = engine.runRm(List.of("--network", "none", "--user", "1000:1000", "--entrypoint", "sh", id,
                    "-c", "id -u; wkhtmltopdf --version; pg_dump --version;"
                            + " dpkg -l wkhtmltopdf fonts-dejavu-core postgresql-client-15 libldap-2.5-0 | grep ^ii"),
                    Duration.ofMinutes(2));
            assertEquals(0, r.exitCode(), r.output());
            String out = r.output();
            assertTrue(out.startsWith("1000\n"), out);
            assertTrue(out.contains("wkhtmltopdf 0.12.6"), out);
            assertTrue(out.contains("pg_dump (PostgreSQL) 15."), out);
            for (String p : List.of("wkhtmltopdf", "fonts-dejavu-core", "postgresql-client-15", "libldap-2.5-0")) {
                // Multi-Arch: same packages are listed with their architecture (libldap-2.5-0:amd64).
                assertTrue(out.lines().anyMatch(l -> l.matches("ii  " + java.util.regex.Pattern.quote(p)
                        + "(:amd64)? .*")), p + " in dpkg -l:\n" + out);
            }
        }
    }

    /** The image's rootfs diff ids (docker save layout, as Jib's buildTar writes it). */
    static List<String> diffIds(Path tarball) throws Exception {
        java.util.Map<String, byte[]> small = new java.util.HashMap<>();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(tarball))) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().endsWith(".json")) {
                    small.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        ObjectMapper json = new ObjectMapper();
        String configName = json.readTree(small.get("manifest.json")).get(0).path("Config").asText();
        JsonNode config = json.readTree(small.get(configName));
        List<String> ids = new java.util.ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    static java.util.Properties props(Path file) throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    static JsonNode check(Path report, String id) throws Exception {
        for (JsonNode c : new ObjectMapper().readTree(report.toFile()).path("checks")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no check " + id + " in " + report);
    }

    static Path writeProject(Path dir, TestBaseImage base, Path cache) throws Exception {
        return writeProject(dir, base.jibTarReference(), cache);
    }

    static Path writeProject(Path dir, String baseImage, Path cache) throws Exception {
        Files.createDirectories(dir.resolve("src/main/java/kit"));
        Files.writeString(dir.resolve("src/main/java/kit/Main.java"),
                "package kit;\npublic class Main { public static void main(String[] a) { } }\n");
        Files.writeString(dir.resolve("system-runtime-packages.txt"), PACKAGES);
        Files.writeString(dir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>kit</groupId>
                  <artifactId>system-packages-check</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <odoo.base.image>%s</odoo.base.image>
                    <odoo.system.cacheDirectory>%s</odoo.system.cacheDirectory>
                  </properties>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>dev.odooimage</groupId>
                        <artifactId>odoo-maven-plugin</artifactId>
                        <version>%s</version>
                        <executions>
                          <execution>
                            <goals><goal>system-packages</goal></goals>
                          </execution>
                        </executions>
                      </plugin>
                      <plugin>
                        <groupId>com.google.cloud.tools</groupId>
                        <artifactId>jib-maven-plugin</artifactId>
                        <version>%s</version>
                        <executions>
                          <execution>
                            <phase>package</phase>
                            <goals><goal>buildTar</goal></goals>
                          </execution>
                        </executions>
                        <configuration>
                          <from><image>${odoo.base.image}</image></from>
                          <to><image>kit/system-packages-check:1</image></to>
                          <container>
                            <user>1000:1000</user>
                            <entrypoint><arg>sh</arg></entrypoint>
                          </container>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(baseImage, cache, System.getProperty("its.project.version"),
                System.getProperty("its.jib.version")));
        return dir;
    }
}
