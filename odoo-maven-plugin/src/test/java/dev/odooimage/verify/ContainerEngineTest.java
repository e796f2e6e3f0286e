package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerEngineTest {
    @TempDir
    Path tmp;

    @Test
    void aBinaryWhoseInfoFailsIsNoEngine() throws Exception {
        // Like a docker CLI without a daemon: present, but `info` fails.
        Path fake = Files.writeString(tmp.resolve("docker"), "#!/bin/sh\necho 'Cannot connect to the Docker daemon' >&2\n"
                + "exit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> notes = new ArrayList<>();
        assertTrue(ContainerEngine.detect(List.of(tmp.resolve("nope").toString(), fake.toString()), notes).isEmpty());
        assertEquals(2, notes.size());
        assertTrue(notes.get(0).endsWith("not installed"), notes.get(0));
        assertTrue(notes.get(1).contains("Cannot connect to the Docker daemon"), notes.get(1));
    }

    @Test
    void theFirstWorkingCandidateWins() throws Exception {
        Path works = Files.writeString(tmp.resolve("podman"), "#!/bin/sh\necho ok\n");
        Files.setPosixFilePermissions(works, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> notes = new ArrayList<>();
        ContainerEngine e = ContainerEngine.detect(List.of(tmp.resolve("nope").toString(), works.toString()), notes)
                .orElseThrow();
        assertEquals("podman", e.name());
        assertEquals(1, notes.size());
    }
}
