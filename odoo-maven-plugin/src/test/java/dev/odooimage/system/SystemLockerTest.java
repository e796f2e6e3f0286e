package dev.odooimage.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

/**
 * Resolution against the real Debian bookworm archive reachable here and the real dpkg status of
 * the kit's test base image recipe (bookworm minbase + python3 + ca-certificates).
 */
class SystemLockerTest {
    @TempDir
    Path project;

    private static ArchiveClient client;
    private static ArchiveClient.Snapshot snapshot;
    private static InstalledPackages base;
    private static final String ISSUE_SET = "wkhtmltopdf fonts-dejavu-core\npostgresql-client-15 libldap-2.5-0\n";

    @BeforeAll
    static void archive() {
        client = SystemArchiveFixture.client();
        snapshot = client.snapshot(SystemArchiveFixture.bookworm());
        base = InstalledPackages.parse(SystemArchiveFixture.baseStatus(), "amd64");
    }

    private SystemRequests requests(String text) {
        return SystemRequests.parse(project.resolve("system-runtime-packages.txt"), text);
    }

    private Resolver.Result resolve(String text) {
        return new Resolver(snapshot.index(), base).resolve(requests(text), Map.of());
    }

    @Test
    void theIssueSetResolvesToAClosedSetWithoutTheBasesPackages() {
        Resolver.Result r = resolve(ISSUE_SET);
        Map<String, String> why = r.packages().stream()
                .collect(Collectors.toMap(p -> p.pkg().name(), Resolver.Resolved::why));
        for (String asked : List.of("wkhtmltopdf", "fonts-dejavu-core", "postgresql-client-15", "libldap-2.5-0")) {
            assertEquals("asked for", why.get(asked), asked);
        }
        assertEquals("via postgresql-client-15", why.get("libpq5"));
        assertTrue(base.get("libc6").isPresent() && !why.containsKey("libc6"), "the base's libc6 is not added again");
        assertTrue(base.get("python3").isPresent() && !why.containsKey("python3"));
        // Closed: every Pre-Depends/Depends group of every added package is met by the base or the set.
        List<String> unmet = new ArrayList<>();
        for (Resolver.Resolved p : r.packages()) {
            List<List<Relation>> groups = new ArrayList<>(p.pkg().preDepends());
            groups.addAll(p.pkg().depends());
            for (List<Relation> g : groups) {
                boolean met = g.stream().anyMatch(rel -> base.satisfier(rel).isPresent()
                        || r.packages().stream().anyMatch(o -> o.pkg().satisfies(rel)));
                if (!met) {
                    unmet.add(p.pkg().name() + ": " + g);
                }
            }
        }
        assertEquals(List.of(), unmet);
        // Recommends are left out (as --no-install-recommends): postgresql-client-15 recommends
        // nothing here that a dependency would bring, wkhtmltopdf recommends fonts it does not need.
        List<String> recommendedOnly = new ArrayList<>();
        for (Resolver.Resolved p : r.packages()) {
            for (List<Relation> g : Relation.parseField(p.pkg().paragraph().get("Recommends").orElse(""), "amd64")) {
                for (Relation rel : g) {
                    if (!why.containsKey(rel.name()) && base.get(rel.name()).isEmpty()) {
                        recommendedOnly.add(rel.name());
                    }
                }
            }
        }
        assertFalse(recommendedOnly.isEmpty(), "some recommended package stays out: " + why.keySet());
        assertTrue(r.packages().size() > 20 && r.packages().size() < 200, r.packages().size() + " packages");
    }

    @Test
    void lockIsWrittenReadBackAndCheckedForDrift() throws Exception {
        Path lockFile = project.resolve(SystemLock.FILE_NAME);
        SystemRequests req = requests(ISSUE_SET);
        SystemLock lock = new SystemLocker(client, s -> { }).lock(req, SystemArchiveFixture.bookworm(), base, lockFile);
        String text = Files.readString(lockFile);
        assertTrue(text.contains("\nPackage: wkhtmltopdf\n"), text);
        assertTrue(text.contains("Codename: bookworm\n"), text);
        assertTrue(text.contains("Filename: pool/main/w/wkhtmltopdf/"), text);
        assertTrue(text.contains("\nWhy: via postgresql-client-15\n"), text);
        assertEquals(Optional.of(lock), SystemLock.read(lockFile));
        String digest = SystemLocker.inputsDigest(req, SystemArchiveFixture.bookworm(), base.statusText());
        assertEquals(Optional.of(lock), SystemLocker.check(lockFile, req, digest));

        SystemRequests more = requests(ISSUE_SET + "libzbar0\n");
        String newDigest = SystemLocker.inputsDigest(more, SystemArchiveFixture.bookworm(), base.statusText());
        OdooImageException drift = assertThrows(OdooImageException.class,
                () -> SystemLocker.check(lockFile, more, newDigest));
        assertTrue(drift.getMessage().contains("is out of date") && drift.getMessage().contains("mvn odoo:system-lock"),
                drift.getMessage());
        String otherBase = SystemLocker.inputsDigest(req, SystemArchiveFixture.bookworm(), base.statusText() + "\n");
        assertFalse(otherBase.equals(digest), "a new base status is a new input");

        Files.writeString(lockFile, text.replace("Why: via postgresql-client-15", "Why: asked for"));
        OdooImageException edited = assertThrows(OdooImageException.class,
                () -> SystemLocker.check(lockFile, req, digest));
        assertTrue(edited.getMessage().contains("edited by hand"), edited.getMessage());

        Files.delete(lockFile);
        OdooImageException missing = assertThrows(OdooImageException.class,
                () -> SystemLocker.check(lockFile, req, digest));
        assertTrue(missing.getMessage().contains("asks for 4 package(s)")
                && missing.getMessage().contains("run `mvn odoo:system-lock`"), missing.getMessage());
        assertEquals(Optional.empty(), SystemLocker.check(lockFile, requests("# nothing\n"), "x"));
    }

    @Test
    void badRequestsNameTheLineAndTheFix() {
        assertMessage("fonts-dejavu-core\nwkhtmltopfd\n", "line 2: no package wkhtmltopfd", "did you mean wkhtmltopdf");
        assertMessage("libpq5=1.0-1\n", "line 1: libpq5 version 1.0-1 is not in the archive; it has [15.");
        assertMessage("libc6:arm64 \n", "asks for architecture arm64 but the image is amd64");
        assertMessage("awk\n", "virtual package provided by");
    }

    @Test
    void aDebByUrlIsDownloadedCheckedAndItsDependsResolved() throws Exception {
        // A real .deb from outside the index: fonts-dejavu-core served from a file: URL.
        DebPackage p = snapshot.index().versions("fonts-dejavu-core").get(0);
        String sha = p.paragraph().require("SHA256");
        Path deb = client.download(SystemArchiveFixture.bookworm().file(p.paragraph().require("Filename")), sha, ".deb");
        Path local = Files.copy(deb, project.resolve("fonts.deb"));
        SystemRequests req = requests(local.toUri() + " " + sha + "\n");
        Path lockFile = project.resolve(SystemLock.FILE_NAME);
        SystemLock lock = new SystemLocker(client, s -> { }).lock(req, SystemArchiveFixture.bookworm(), base, lockFile);
        SystemLock.Entry e = lock.packages().get(0);
        assertEquals("fonts-dejavu-core", e.name());
        assertEquals(Optional.of(local.toUri().toString()), e.url());
        assertEquals("asked for (" + local.toUri() + ")", e.why());
        assertEquals(Files.size(local), e.size());

        SystemRequests wrong = requests(local.toUri() + " " + "0".repeat(64) + "\n");
        OdooImageException x = assertThrows(OdooImageException.class,
                () -> new SystemLocker(client, s -> { }).lock(wrong, SystemArchiveFixture.bookworm(), base, lockFile));
        assertTrue(x.getMessage().contains("refused and not cached"), x.getMessage());
    }

    @Test
    void aBasePackageIsNotAddedAgain() {
        Resolver.Result r = resolve("python3 ca-certificates libc6\n");
        assertEquals(List.of(), r.packages());
        assertEquals(3, r.alreadyInBase().size());
        assertTrue(SystemLocker.allInBase(requests("python3 ca-certificates libc6\n"), base), "no lock needed");
        assertFalse(SystemLocker.allInBase(requests("python3 libpq5\n"), base));
        assertFalse(SystemLocker.allInBase(requests("python3=1.0\n"), base), "a pin the base does not have");
    }

    @Test
    void aConflictWithTheBaseIsReported() {
        // libelogind0 declares Conflicts: libsystemd0, which the base has (apt would remove it).
        OdooImageException e = assertThrows(OdooImageException.class, () -> resolve("libelogind0\n"));
        assertTrue(e.getMessage().contains("clash with the base image")
                && e.getMessage().contains("libelogind0 conflicts with the base's libsystemd0"), e.getMessage());
    }

    private void assertMessage(String text, String... parts) {
        OdooImageException e = assertThrows(OdooImageException.class, () -> resolve(text));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), e.getMessage());
        }
    }

    /**
     * Release, -updates and -security of the real archive: each InRelease verified, the newest
     * version across them locked with the source it comes from, and the lock read back the same.
     */
    @Test
    void severalSourcesTheNewestVersionWinsAndEachSourceIsRecorded() throws Exception {
        List<ArchiveSource> sources = SystemArchiveFixture.bookwormWithUpdates();
        assertEquals(List.of("bookworm", "bookworm-updates", "bookworm-security"),
                sources.stream().map(ArchiveSource::suite).toList());
        assertTrue(sources.get(2).isSecurity() && sources.get(2).url().toString().contains("security"),
                sources.get(2).url().toString());
        Path lockFile = project.resolve(SystemLock.FILE_NAME);
        SystemRequests req = requests("postgresql-client-15 libldap-2.5-0\n");
        SystemLock lock = new SystemLocker(client, s -> { }).lock(req, sources, base, lockFile);
        assertEquals(List.of("bookworm", "bookworm-updates", "bookworm-security"),
                lock.archives().stream().map(SystemLock.Archive::name).toList());
        for (SystemLock.Archive a : lock.archives()) {
            assertTrue(a.inReleaseSha256().matches("[0-9a-f]{64}"), a.toString());
        }
        // every package at the newest version any source has, from a source that has it
        List<ArchiveClient.Snapshot> snaps = sources.stream().map(client::snapshot).toList();
        for (SystemLock.Entry e : lock.packages()) {
            DebVersion newest = snaps.stream().flatMap(s -> s.index().versions(e.name()).stream())
                    .map(DebPackage::version).max(DebVersion::compareTo).orElseThrow();
            assertEquals(newest.text(), e.version(), e.name());
            String from = e.from().orElseThrow(() -> new AssertionError(e.name() + " names no source"));
            int at = List.of("bookworm", "bookworm-updates", "bookworm-security").indexOf(from);
            assertTrue(snaps.get(at).index().versions(e.name()).stream().anyMatch(p -> p.version().text()
                    .equals(e.version()) && p.paragraph().require("SHA256").equals(e.sha256())), e + " in " + from);
        }
        // PostgreSQL 15 point releases reach bookworm through -security or -updates, not the release
        SystemLock.Entry libpq = lock.packages().stream().filter(e -> e.name().equals("libpq5")).findFirst()
                .orElseThrow();
        assertTrue(!libpq.from().orElseThrow().equals("bookworm") || snaps.get(1).index().versions("libpq5").isEmpty()
                && snaps.get(2).index().versions("libpq5").isEmpty(), libpq.toString());
        String text = Files.readString(lockFile);
        assertTrue(text.contains("\nArchive: " + sources.get(2).url() + "\nSuite: oldstable-security\n"
                + "Codename: bookworm-security\n"), text);
        assertEquals(lock, SystemLock.read(lockFile).orElseThrow(), "the lock reads back as written");
        // the suites are inputs: a lock of the release alone is out of date for three sources
        assertTrue(SystemLocker.check(lockFile, req, SystemLocker.inputsDigest(req, sources,
                base.statusText())).isPresent());
        assertThrows(OdooImageException.class, () -> SystemLocker.check(lockFile, req, SystemLocker.inputsDigest(req,
                SystemArchiveFixture.bookworm(), base.statusText())));
    }
}
