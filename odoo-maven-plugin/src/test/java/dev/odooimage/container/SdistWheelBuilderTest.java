package dev.odooimage.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.python.CompiledWheels;
import dev.odooimage.python.PythonTarget;

/**
 * The builder's checks that need no container (the builds themselves, with podman, are in
 * its/CompiledSdistIT): tag fit, what a failed build's log says, no engine.
 */
class SdistWheelBuilderTest {
    @TempDir
    Path dir;

    private static final PythonTarget BOOKWORM = new PythonTarget("3.11", "/usr/bin/python3.11", "x86_64", "2.36");

    @Test
    void aWheelBuiltOnTheBaseFitsItsOwnInterpreterOnly() {
        assertNull(SdistWheelBuilder.misfit("python_ldap-3.4.4-cp311-cp311-linux_x86_64.whl", BOOKWORM));
        assertNull(SdistWheelBuilder.misfit("x-1.0-cp311-abi3-linux_x86_64.whl", BOOKWORM));
        assertNull(SdistWheelBuilder.misfit("x-1.0-py3-none-any.whl", BOOKWORM));
        assertTrue(SdistWheelBuilder.misfit("x-1.0-cp312-cp312-linux_x86_64.whl", BOOKWORM).contains(
                "tags cp312-cp312-linux_x86_64"));
        assertTrue(SdistWheelBuilder.misfit("x-1.0-cp311-cp311-linux_aarch64.whl", BOOKWORM) != null);
        assertTrue(SdistWheelBuilder.misfit("x-1.0-cp311-cp311-musllinux_1_2_x86_64.whl", BOOKWORM) != null);
        assertTrue(SdistWheelBuilder.misfit("x-1.0-cp311-cp311-manylinux_2_39_x86_64.whl", BOOKWORM) != null,
                "newer glibc than the image");
        assertEquals("not a wheel name", SdistWheelBuilder.misfit("x.tar.gz", BOOKWORM));
    }

    @Test
    void aFailedBuildsLogNamesTheMissingPackagesAndTheNetwork() {
        String log = "Modules/common.h:10:10: fatal error: lber.h: No such file or directory\n"
                + "   10 | #include <lber.h>\n"
                + "x.c:1:10: fatal error: sasl/sasl.h: No such file or directory\n"
                + "y.c:1:10: fatal error: Python.h: No such file or directory\n"
                + "z.c:1:10: fatal error: foo/bar.h: No such file or directory\n";
        assertEquals(List.of("libldap-dev", "libsasl2-dev",
                "python3-dev (a Debian-python base; a python:*-slim base has it already)",
                "the -dev package that has foo/bar.h (apt-file search foo/bar.h, or https://packages.debian.org)"),
                BuildFailure.missingPackages(log));
        assertEquals(List.of("gcc (the C compiler; g++ for C++)"), BuildFailure.missingPackages(
                "error: command 'x86_64-linux-gnu-gcc' failed: No such file or directory"));
        assertTrue(BuildFailure.triedNetwork("OSError: [Errno 101] Network is unreachable"));
        assertTrue(BuildFailure.triedNetwork("socket.gaierror: [Errno -3] Temporary failure in name resolution"));
        assertFalse(BuildFailure.triedNetwork(log));
    }

    @Test
    void withoutAnEngineACachedWheelIsStillUsedAndAColdOneIsUnavailable() throws Exception {
        SdistWheelBuilder b = new SdistWheelBuilder(List.of("/nonexistent/podman"), () -> {
            throw new AssertionError("no builder image is made without an engine");
        }, "key", BOOKWORM, dir.resolve("cache"), dir.resolve("work"), dir.resolve("providers.properties"), List.of(),
                Duration.ofMinutes(1), s -> { });
        assertTrue(b.unavailable().orElseThrow().contains("/nonexistent/podman: not installed"));
        Path sdist = Files.writeString(dir.resolve("x-1.0.tar.gz"), "sdist");
        CompiledWheels.Unavailable u = assertThrows(CompiledWheels.Unavailable.class, () -> b.build(sdist,
                "a".repeat(64), List.of(), List.of(), "x"));
        assertTrue(u.getMessage().startsWith("no container engine works"), u.getMessage());
        assertFalse(Files.exists(dir.resolve("cache")), "nothing cached");
    }
}
