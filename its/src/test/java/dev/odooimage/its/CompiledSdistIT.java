package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.ContainerEngine;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Procs;
import dev.odooimage.its.kit.Skips;
import dev.odooimage.its.kit.TestBaseImage;
import dev.odooimage.container.SdistWheelBuilder;
import dev.odooimage.python.BuildRequirements;
import dev.odooimage.python.CompiledWheels;
import dev.odooimage.python.PythonLock;
import dev.odooimage.python.PythonTarget;

/**
 * python-ldap (an sdist with C extensions, as in Odoo's requirements.txt) built for the image in
 * the throw-away builder container, end to end with real Maven, real PyPI, the real Debian archive
 * and podman on the kit's test base image (bookworm, Debian's python3.11): {@code odoo:system-lock}
 * locks system-build-packages.txt, {@code odoo:python-lock} builds the wheel and records the sdist
 * hash, the wheel's hash and the hash-pinned build requirements, {@code odoo:python-env} installs
 * it from the cache, and again on a clean cache (the wheel must be the same bytes: the
 * reproducibility measurement), the library providers are written, and {@code import ldap} works
 * as uid 1000 with the venv in the builder image (which has the runtime libraries). Faults: no
 * container engine on a cold cache.
 */
class CompiledSdistIT {
    static final String BUILD_PACKAGES = "libldap2-dev libsasl2-dev gcc\npython3-dev\n";

    @Test
    void pythonLdapIsBuiltInTheBuilderContainerAndInstalled() throws Exception {
        Skips.require(TestBaseImage.unavailableReason());
        InstalledPlugin.require(List.of("system-lock", "python-lock", "python-env"), List.of());
        TestBaseImage base = TestBaseImage.get();
        Path work = ItWork.dir(CompiledSdistIT.class, "ldap");
        Path project = writeProject(work.resolve("app"), base, work.resolve("deb-cache"));
        MavenRunner mvn = MavenRunner.fromSystemProperties().offline(false);
        String cache1 = "-Dodoo.python.cacheDirectory=" + work.resolve("py-cache-1");
        try (ContainerEngine engine = ContainerEngine.detect().assumeAvailable()) {
            // No lock of the build packages yet: the build says what to run.
            mvn.run(project, work.resolve("lock-no-build-lock.log"), "odoo:python-lock", cache1).assertFailure()
                    .assertOutputContains("system-build-packages.txt asks for 4 package(s) but")
                    .assertOutputContains("run `mvn odoo:system-lock`");
            mvn.run(project, work.resolve("system-lock.log"), "odoo:system-lock").assertSuccess();
            String buildLock = Files.readString(project.resolve("system-build-packages.lock"));
            assertTrue(buildLock.startsWith("# system-build-packages.lock: the Debian packages of the builder"),
                    buildLock);
            assertTrue(buildLock.contains("\nPackage: libldap-dev\n") || buildLock.contains("\nPackage: libldap2-dev\n"),
                    buildLock);
            assertTrue(buildLock.contains("\nPackage: libldap-2.5-0\n"), buildLock);

            // Cold cache, no engine: refused, naming the sdist and every fix.
            mvn.run(project, work.resolve("lock-no-engine.log"), "odoo:python-lock",
                    "-Dodoo.python.cacheDirectory=" + work.resolve("py-cache-none"), "-Dodoo.container.engine=/nonexistent/podman")
                    .assertFailure().assertOutputContains("python-ldap")
                    .assertOutputContains("It is not built in the builder container either: no container engine works")
                    .assertOutputContains("'!python-ldap' in requirements-overrides.in");

            long t0 = System.nanoTime();
            mvn.run(project, work.resolve("lock.log"), "odoo:python-lock", cache1).assertSuccess();
            long lockMs = (System.nanoTime() - t0) / 1_000_000;
            String lock = Files.readString(project.resolve("requirements.lock.txt"));
            Matcher m = Pattern.compile("\npython-ldap==3\\.4\\.4 \\\\\n    --hash=sha256:([0-9a-f]{64})\n"
                    + "    # compiled: python-ldap-3\\.4\\.4\\.tar\\.gz\n"
                    + "    # built-wheel: (python_ldap-3\\.4\\.4-cp311-cp311-linux_x86_64\\.whl) sha256:([0-9a-f]{64})\n"
                    + "((?:    # build-requires: [^\n]+\n)+)").matcher(lock);
            assertTrue(m.find(), lock);
            String wheelSha = m.group(3);
            assertTrue(m.group(4).contains("# build-requires: pip==") && m.group(4).contains("# build-requires: setuptools=="),
                    m.group(4));
            assertTrue(lock.contains("\npyasn1==") && lock.contains("\npyasn1-modules=="), "dependencies resolved:\n" + lock);

            t0 = System.nanoTime();
            mvn.run(project, work.resolve("env.log"), "odoo:python-env", cache1).assertSuccess()
                    .assertOutputContains("Python venv built");
            long envWarmMs = (System.nanoTime() - t0) / 1_000_000;
            Path venv = project.resolve("target/odoo/venv");
            Path site = venv.resolve("lib/python3.11/site-packages");
            try (Stream<Path> s = Files.list(site)) {
                assertTrue(s.anyMatch(p -> p.getFileName().toString().matches("_ldap\\.cpython-311-x86_64-linux-gnu\\.so")),
                        "the C extension is installed");
            }
            String providers = Files.readString(project.resolve("target/odoo/system/library-providers.properties"));
            assertTrue(providers.contains("\nlibldap-2.5.so.0=libldap-2.5-0\n"), providers);
            assertTrue(providers.contains("\nlibsasl2.so.2=libsasl2-2\n"), providers);

            // Clean caches: the wheel is built again and must be the same bytes, and so the venv.
            Path firstVenv = work.resolve("venv-1");
            assertEquals(0, Procs.run("cp", "-a", venv.toString(), firstVenv.toString()).exitCode());
            Files.delete(project.resolve("target/odoo/stamps/python-env"));
            t0 = System.nanoTime();
            MavenRunner.Result cold = mvn.run(project, work.resolve("env-cold.log"), "odoo:python-env",
                    "-Dodoo.python.cacheDirectory=" + work.resolve("py-cache-2")).assertSuccess()
                    .assertOutputContains("in the builder container in ");
            long envColdMs = (System.nanoTime() - t0) / 1_000_000;
            assertFalse(cold.output().contains("the build is not reproducible"), "same wheel sha256 " + wheelSha
                    + " from a clean cache:\n" + cold.output());
            Path wheel2;
            try (Stream<Path> s = Files.walk(work.resolve("py-cache-2/compiled"))) {
                wheel2 = s.filter(p -> p.toString().endsWith(".whl")).findFirst().orElseThrow();
            }
            assertEquals(wheelSha, dev.odooimage.util.Digests.sha256Hex(wheel2));
            Procs.Result diff = Procs.run("diff", "-r", firstVenv.toString(), venv.toString());
            assertEquals(0, diff.exitCode(), "the venv from the rebuilt wheel is the same, file by file:\n"
                    + diff.output());
            System.out.printf("[CompiledSdistIT] python-lock %d ms (cold build), python-env %d ms (cached wheel),"
                    + " python-env %d ms (clean cache, rebuilt), wheel sha256 %s both times%n", lockMs, envWarmMs,
                    envColdMs, wheelSha);

            // import ldap as uid 1000, with the venv at its image path in the builder image
            // (base + build packages, which include the runtime libraries libldap-2.5-0, libsasl2-2).
            String image = engine.load(project.resolve("target/odoo/builder/builder-base.tar"));
            // the venv as the image has it: readable by everyone (the build's staging dir is 0700)
            Path shipped = work.resolve("shipped-venv");
            assertEquals(0, Procs.run("cp", "-a", venv.toString(), shipped.toString()).exitCode());
            assertEquals(0, Procs.run("chmod", "-R", "a+rX", shipped.toString()).exitCode());
            Procs.Result r = engine.runRm(List.of("--network", "none", "--user", "1000:1000", "-v", shipped
                    + ":/opt/odoo/venv:ro", "--entrypoint", "/opt/odoo/venv/bin/python", image, "-c",
                    "import os, ldap; print(os.getuid(), ldap.__version__, ldap.__file__)"), Duration.ofMinutes(2));
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("1000 3.4.4 /opt/odoo/venv/lib/python3.11/site-packages/ldap/__init__.py"),
                    r.output());

            builderFaults(work, project);
        }
    }

    /**
     * The builder's faults, with the real builder image of this project, real podman and the
     * build requirements the lock pinned: a build that fails (missing header: the log's tail and
     * the package that might be missing), a build that tries the network, a wheel whose tags do
     * not fit the target, a build killed by its timeout. None leaves anything in the cache.
     */
    private static void builderFaults(Path work, Path project) throws Exception {
        PythonLock lock = PythonLock.read(project.resolve("requirements.lock.txt"));
        PythonLock.Entry ldap = lock.entries().stream().filter(e -> e.name().equals("python-ldap")).findFirst()
                .orElseThrow();
        List<BuildRequirements.Pinned> requires = ldap.buildRequires();
        List<Path> files = requires.stream().map(p -> work.resolve("py-cache-1/artifacts").resolve(p.sha256())
                .resolve(p.fileName())).toList();
        Path tarball = project.resolve("target/odoo/builder/builder-base.tar");
        Path cache = work.resolve("faults-cache");
        PythonTarget target = new PythonTarget("3.11", "/usr/bin/python3.11", "x86_64", "2.36");

        // a missing header: the build fails with its log's tail and the build package to add
        Path zbar = sdist(work, "needs-zbar", "", "#include <zbar.h>\n");
        String failed = fault(builder(target, tarball, cache, Duration.ofMinutes(10)), zbar, requires, files);
        assertTrue(failed.contains("needs-zbar: building needs-zbar-1.0.tar.gz in the builder container failed"), failed);
        assertTrue(failed.contains("zbar.h: No such file or directory"), "the log's tail:\n" + failed);
        assertTrue(failed.contains("Build packages that might be missing from system-build-packages.txt: libzbar-dev"),
                failed);
        assertTrue(failed.contains("The builder has: libldap2-dev libsasl2-dev gcc python3-dev"), failed);

        // the network: refused by --network=none, and said so
        Path network = sdist(work, "phones-home", "import socket\nsocket.create_connection(('pypi.org', 443), 5)\n", "");
        String offline = fault(builder(target, tarball, cache, Duration.ofMinutes(10)), network, requires, files);
        assertTrue(offline.contains("phones-home: building phones-home-1.0.tar.gz tried to reach the network, and the"
                + " builder container has none"), offline);

        // tags that do not fit: the target says 3.12, the base's interpreter is 3.11
        Path hello = sdist(work, "hello", "", "");
        String misfit = fault(builder(new PythonTarget("3.12", "/usr/bin/python3.11", "x86_64", "2.36"), tarball, cache,
                Duration.ofMinutes(10)), hello, requires, files);
        assertTrue(misfit.contains("the wheel built from hello-1.0.tar.gz is hello-1.0-cp311-cp311-linux_x86_64.whl,"
                + " whose tags do not fit the image's Python cpython 3.12"), misfit);

        // killed mid-build (its timeout): the container is removed, nothing is cached
        Path slow = sdist(work, "slow", "import time\ntime.sleep(600)\n", "");
        String killed = fault(builder(target, tarball, cache, Duration.ofSeconds(20)), slow, requires, files);
        assertTrue(killed.contains("took longer than") && killed.contains("nothing was cached"), killed);

        if (Files.isDirectory(cache)) {
            try (Stream<Path> s = Files.list(cache)) {
                assertEquals(List.of(), s.filter(p -> !p.getFileName().toString().startsWith(".")).toList(),
                        "no build left anything in the cache");
            }
        }
        // and the same sdist that fit 3.11 builds, and is cached
        CompiledWheels.Built ok = builder(target, tarball, cache, Duration.ofMinutes(10)).build(hello,
                dev.odooimage.util.Digests.sha256Hex(hello), requires, files, "hello");
        assertEquals("hello-1.0-cp311-cp311-linux_x86_64.whl", ok.wheel().getFileName().toString());
        assertTrue(ok.wheel().startsWith(cache));
    }

    private static SdistWheelBuilder builder(PythonTarget target, Path tarball, Path cache, Duration timeout) {
        return new SdistWheelBuilder(List.of("podman", "docker"), () -> new SdistWheelBuilder.BuilderImage(tarball,
                java.util.Map.of()), "faults", target, cache, cache.resolveSibling("faults-work"),
                cache.resolveSibling("faults-providers.properties"),
                List.of("libldap2-dev", "libsasl2-dev", "gcc", "python3-dev"), timeout, System.out::println);
    }

    private static String fault(SdistWheelBuilder b, Path sdist, List<BuildRequirements.Pinned> requires,
            List<Path> files) {
        String name = sdist.getFileName().toString().replace("-1.0.tar.gz", "");
        try {
            b.build(sdist, dev.odooimage.util.Digests.sha256Hex(sdist), requires, files, name);
        } catch (dev.odooimage.util.OdooImageException e) {
            return e.getMessage();
        }
        throw new AssertionError(name + " built, it should have failed");
    }

    /** An sdist with one C extension; {@code setupPrefix} runs first in setup.py, {@code include} tops the C file. */
    private static Path sdist(Path work, String name, String setupPrefix, String include) throws Exception {
        Path dir = Files.createDirectories(work.resolve("sdists/src/" + name + "-1.0"));
        Files.writeString(dir.resolve("setup.py"), setupPrefix + "from setuptools import setup, Extension\n"
                + "setup(name='" + name + "', version='1.0', ext_modules=[Extension('"
                + name.replace('-', '_') + "', ['mod.c'])])\n");
        Files.writeString(dir.resolve("mod.c"), include + "#include <Python.h>\n"
                + "static struct PyModuleDef m = {PyModuleDef_HEAD_INIT, \"" + name.replace('-', '_') + "\", NULL, -1, NULL};\n"
                + "PyMODINIT_FUNC PyInit_" + name.replace('-', '_') + "(void) { return PyModule_Create(&m); }\n");
        Path out = work.resolve("sdists/" + name + "-1.0.tar.gz");
        assertEquals(0, Procs.run("tar", "-czf", out.toString(), "-C", dir.getParent().toString(), name + "-1.0")
                .exitCode());
        return out;
    }

    static Path writeProject(Path dir, TestBaseImage base, Path debCache) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("system-build-packages.txt"), BUILD_PACKAGES);
        Files.writeString(dir.resolve("odoo-requirements.txt"), "python-ldap==3.4.4\n");
        Files.writeString(dir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>kit</groupId>
                  <artifactId>compiled-sdist-check</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <properties>
                    <odoo.base.image>%s</odoo.base.image>
                    <odoo.system.cacheDirectory>%s</odoo.system.cacheDirectory>
                    <odoo.python.odooRequirements>${project.basedir}/odoo-requirements.txt</odoo.python.odooRequirements>
                  </properties>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>dev.odooimage</groupId>
                        <artifactId>odoo-maven-plugin</artifactId>
                        <version>%s</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(base.jibTarReference(), debCache, System.getProperty("its.project.version")));
        return dir;
    }
}
