package dev.odooimage.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.odooimage.util.OdooImageException;

/**
 * An expired InRelease (a stale mirror, or a replayed old state hiding security updates) is
 * refused as apt refuses it; checked against the real security archive, whose InRelease is valid
 * for a week, by moving the clock past its Valid-Until.
 */
class ValidUntilTest {

    @Test
    void releaseDatesAreReadAsAptWritesThem() {
        assertEquals(Optional.of(Instant.parse("2026-12-05T02:53:00Z")),
                ReleaseFile.instant("Sat, 05 Dec 2026 02:53:00 UTC"));
        assertEquals(Optional.of(Instant.parse("2023-06-10T08:55:23Z")),
                ReleaseFile.instant("Sat, 10 Jun 2023 08:55:23 +0000"));
        assertEquals(Optional.empty(), ReleaseFile.instant(""));
        assertEquals(Optional.empty(), ReleaseFile.instant("next tuesday"));
    }

    @Test
    void anExpiredSecurityArchiveIsRefusedUnlessTheCheckIsOff() {
        ArchiveSource security = SystemArchiveFixture.bookwormWithUpdates().stream()
                .filter(s -> s.suite().endsWith("-security")).findFirst().orElseThrow();
        ArchiveClient.Snapshot now = SystemArchiveFixture.client().snapshot(security);
        String validUntil = now.release().validUntil();
        assertFalse(validUntil.isBlank(), "the security archive's InRelease carries a Valid-Until: " + security.inRelease());
        Instant until = ReleaseFile.instant(validUntil).orElseThrow();

        Clock after = Clock.fixed(until.plus(Duration.ofDays(1)), ZoneOffset.UTC);
        OdooImageException e = assertThrows(OdooImageException.class, () -> new ArchiveClient(
                SystemArchiveFixture.cache(), InReleaseVerifier::debianArchiveKeys, true, after).snapshot(security));
        assertTrue(e.getMessage().contains(security.inRelease().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("Valid-Until is " + validUntil), e.getMessage());
        assertTrue(e.getMessage().contains("-Dodoo.system.checkValidUntil=false"), e.getMessage());

        ArchiveClient.Snapshot unchecked = new ArchiveClient(SystemArchiveFixture.cache(),
                InReleaseVerifier::debianArchiveKeys, false, after).snapshot(security);
        assertEquals(now.release().validUntil(), unchecked.release().validUntil());

        Clock justBefore = Clock.fixed(until.minusSeconds(1), ZoneOffset.UTC);
        new ArchiveClient(SystemArchiveFixture.cache(), InReleaseVerifier::debianArchiveKeys, true, justBefore)
                .snapshot(security);
    }
}
