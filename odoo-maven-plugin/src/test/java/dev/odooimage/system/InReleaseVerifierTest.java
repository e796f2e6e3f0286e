package dev.odooimage.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.odooimage.util.OdooImageException;

/** Against the real bookworm InRelease of the Debian archive reachable here. */
class InReleaseVerifierTest {
    private static byte[] inRelease;

    @BeforeAll
    static void fetch() {
        ArchiveClient c = new ArchiveClient(new Sha256Cache(java.nio.file.Path.of("unused")),
                InReleaseVerifier.debianArchiveKeys());
        inRelease = c.fetch(new ArchiveSource(SystemArchiveFixture.archiveUrl(), "bookworm",
                java.util.List.of("main"), "amd64").inRelease());
    }

    @Test
    void debianSignatureIsGoodWithThePinnedKeys() {
        InReleaseVerifier v = InReleaseVerifier.debianArchiveKeys();
        assertEquals(6, v.keyCount());
        InReleaseVerifier.Verified ok = v.verify(inRelease, "InRelease");
        ReleaseFile r = ReleaseFile.parse(ok.text());
        assertEquals("bookworm", r.codename());
        assertTrue(r.entry("main/binary-amd64/Packages.xz").isPresent());
        assertTrue(ok.text().startsWith("Origin: Debian\n"), ok.text().substring(0, 40));
        assertTrue(!ok.text().contains("BEGIN PGP"), "only the signed text is returned");
    }

    @Test
    void oneChangedByteIsRefused() {
        String text = new String(inRelease, StandardCharsets.UTF_8);
        byte[] tampered = text.replaceFirst("Date: ", "Date:  ").getBytes(StandardCharsets.UTF_8);
        OdooImageException e = assertThrows(OdooImageException.class,
                () -> InReleaseVerifier.debianArchiveKeys().verify(tampered, "InRelease"));
        assertTrue(e.getMessage().contains("BAD signature"), e.getMessage());
        byte[] shaChanged = text.replaceFirst("(?m)^ [0-9a-f]{64}", " " + "0".repeat(64))
                .getBytes(StandardCharsets.UTF_8);
        assertThrows(OdooImageException.class, () -> InReleaseVerifier.debianArchiveKeys().verify(shaChanged, "x"));
    }

    @Test
    void unknownKeysAndUnsignedFilesAreRefused() throws Exception {
        // The Debian keys of another (older) release only: a valid signature by none of them.
        byte[] other;
        try (var in = getClass().getResourceAsStream("bullseye-stable.asc")) {
            other = in.readAllBytes();
        }
        OdooImageException e = assertThrows(OdooImageException.class,
                () -> InReleaseVerifier.of(other).verify(inRelease, "InRelease"));
        assertTrue(e.getMessage().contains("signed only by keys not in the archive keyring"), e.getMessage());
        OdooImageException unsigned = assertThrows(OdooImageException.class, () -> InReleaseVerifier
                .debianArchiveKeys().verify("Origin: Debian\n".getBytes(StandardCharsets.UTF_8), "Release"));
        assertTrue(unsigned.getMessage().contains("not an OpenPGP cleartext-signed file"), unsigned.getMessage());
    }
}
