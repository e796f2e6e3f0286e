package dev.odooimage.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dpkg database and os-release as images hold them. */
class DpkgStatusTest {
    @TempDir
    Path work;

    @Test
    void onlyInstalledStanzasCountAndVersionsLoseEpochAndRevision() {
        DpkgStatus status = DpkgStatus.parse("""
                Package: libc6
                Status: install ok installed
                Architecture: amd64
                Version: 2.36-9+deb12u10
                Description: GNU C Library
                 continuation
                  more

                Package: removed-thing
                Status: deinstall ok config-files
                Version: 1.0-1

                Package: perl-base
                Status: install ok installed
                Architecture: amd64
                Version: 1:5.36.0-7+deb12u2
                """);

        assertEquals("2.36", status.installed("libc6").orElseThrow().upstreamVersion());
        assertEquals("libc6", status.installed("libc6:amd64").orElseThrow().name());
        assertEquals("GNU C Library\ncontinuation\n more", status.installed("libc6").orElseThrow().fields()
                .get("Description"));
        assertEquals("5.36.0", status.installed("perl-base").orElseThrow().upstreamVersion());
        assertTrue(status.installed("removed-thing").isEmpty(), "config-files only is not installed");
        assertEquals(List.of("libc6", "perl-base"), status.packages().stream().map(DpkgStatus.Package::name).toList());
    }

    @Test
    void distrolessStatusDirectoryAndQuotedOsRelease() throws Exception {
        String ref = new TestImage("amd64").layer(l -> l
                .file("/var/lib/dpkg/status.d/libc6", "Package: libc6\nVersion: 2.36-9+deb12u13\nArchitecture: amd64\n")
                .file("/var/lib/dpkg/status.d/libc6.md5sums", "abc  lib/x86_64-linux-gnu/libc.so.6\n")
                .file("/usr/lib/os-release", "PRETTY_NAME=\"Distroless \\\"static\\\"\"\nID=debian\n"
                        + "VERSION_ID='12'\n# comment\nVERSION_CODENAME=bookworm\n")
                .symlink("/etc/os-release", "/usr/lib/os-release"))
                .writeDockerArchive(work.resolve("distroless.tar"));
        BaseImageFiles files = new BaseImageReader(work.resolve("cache")).read(ref, "test");

        DpkgStatus status = DpkgStatus.of(files);
        assertEquals("2.36-9+deb12u13", status.installed("libc6").orElseThrow().version());
        assertEquals(1, status.packages().size());
        Libc libc = Libc.of(files, status);
        assertEquals("2.36", libc.version());
        OsRelease os = OsRelease.of(files);
        assertEquals("Distroless \"static\"", os.prettyName());
        assertEquals("12", os.versionId());
        assertEquals("bookworm", os.versionCodename());
    }
}
