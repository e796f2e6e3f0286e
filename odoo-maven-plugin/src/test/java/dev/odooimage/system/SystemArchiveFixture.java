package dev.odooimage.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The real Debian archive these tests use (the host apt's mirror) and the real base status. */
final class SystemArchiveFixture {
    private SystemArchiveFixture() {
    }

    static URI archiveUrl() {
        String prop = System.getProperty("odoo.test.debianArchive");
        return prop != null ? URI.create(prop) : ArchiveSource.aptMirror(Path.of("/etc/apt"));
    }

    /** Shared by the test classes of a build (entries are verified by sha256 on every use). */
    static Sha256Cache cache() {
        return new Sha256Cache(Path.of("target", "test-system-cache").toAbsolutePath());
    }

    static ArchiveClient client() {
        return new ArchiveClient(cache(), InReleaseVerifier.debianArchiveKeys());
    }

    /** The test base image's merged-/usr links (debootstrap bookworm). */
    static BaseSystem base() {
        return new BaseSystem(baseStatus(), java.util.Optional.of("bookworm"), "amd64", java.util.Map.of(
                "bin", "usr/bin", "sbin", "usr/sbin", "lib", "usr/lib", "lib64", "usr/lib64"));
    }

    /** The release, -updates and -security, as apt's default sources.list (and the plugin's default). */
    static List<ArchiveSource> bookwormWithUpdates() {
        String sec = System.getProperty("odoo.test.debianSecurityArchive");
        return ArchiveSource.defaults(archiveUrl(), sec != null ? URI.create(sec)
                : ArchiveSource.aptSecurityMirror(Path.of("/etc/apt")), "bookworm", List.of(), List.of("main"), "amd64");
    }

    static ArchiveSource bookworm() {
        return new ArchiveSource(archiveUrl(), "bookworm", java.util.List.of("main"), "amd64");
    }

    /**
     * {@code /var/lib/dpkg/status} of {@code debootstrap --variant=minbase
     * --include=python3,ca-certificates bookworm} (the recipe of the kit's test base image), captured
     * from a real run on 2026-11-29.
     */
    static String baseStatus() {
        try (InputStream in = SystemArchiveFixture.class.getResourceAsStream("bookworm-minbase-python3.status")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
