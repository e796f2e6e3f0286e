package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.ContainerEngine;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.LocalRegistry;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Procs;
import dev.odooimage.its.kit.TestBaseImage;

/**
 * The real Jib (jib-maven-plugin, version of this build) takes the test base image both ways the
 * kit offers it: as a {@code tar://} base and from the local registry (plain HTTP, hence
 * {@code -Djib.allowInsecureRegistries=true}); the image it writes runs in the container engine.
 */
class JibBaseImageIT {

    static TestBaseImage image;

    @BeforeAll
    static void base() {
        assertNull(TestBaseImage.unavailableReason(), TestBaseImage.unavailableReason());
        image = TestBaseImage.get();
    }

    @Test
    void jibBuildsFromTheTarballAndFromTheLocalRegistry() throws Exception {
        Path work = ItWork.dir(JibBaseImageIT.class, "jib");
        Path project = writeProject(work.resolve("app"));
        MavenRunner maven = MavenRunner.fromSystemProperties();

        Path fromTar = work.resolve("from-tar.tar");
        maven.run(project, work.resolve("from-tar.log"), "-Djib.from.image=" + image.jibTarReference(),
                "-Djib.outputPaths.tar=" + fromTar, "package").assertSuccess();
        assertTrue(Files.size(fromTar) > Files.size(image.tarball()) / 4, "the base layer is in the image");

        Path fromRegistry = work.resolve("from-registry.tar");
        try (LocalRegistry registry = LocalRegistry.start()) {
            LocalRegistry.Pushed pushed = image.pushTo(registry);
            maven.run(project, work.resolve("from-registry.log"), "-Djib.from.image=" + pushed.pinned(),
                    "-Djib.allowInsecureRegistries=true", "-Djib.outputPaths.tar=" + fromRegistry, "package")
                    .assertSuccess();
        }
        assertTrue(Files.isRegularFile(fromRegistry));

        try (ContainerEngine engine = ContainerEngine.detect().assumeAvailable()) {
            for (Path tar : List.of(fromTar, fromRegistry)) {
                String id = engine.load(tar);
                Procs.Result r = engine.runRm(List.of("--network", "none", id), Duration.ofMinutes(2));
                assertEquals(0, r.exitCode(), r.output());
                assertEquals("jib-ok 1000 " + image.pythonVersion(), r.output().strip(), tar.toString());
            }
        }
    }

    private static Path writeProject(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("src/main/java/kit"));
        Files.writeString(dir.resolve("src/main/java/kit/Main.java"),
                "package kit;\npublic class Main { public static void main(String[] a) { } }\n");
        String jib = System.getProperty("its.jib.version");
        Files.writeString(dir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>kit</groupId>
                  <artifactId>jib-base-check</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <build>
                    <plugins>
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
                          <to><image>kit/jib-base-check:1</image></to>
                          <container>
                            <user>1000:1000</user>
                            <entrypoint>
                              <arg>python3</arg>
                              <arg>-c</arg>
                              <arg>import os, platform; print('jib-ok', os.getuid(), platform.python_version())</arg>
                            </entrypoint>
                          </container>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(jib));
        return dir;
    }
}
