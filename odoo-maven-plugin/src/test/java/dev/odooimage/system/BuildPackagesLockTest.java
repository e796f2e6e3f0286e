package dev.odooimage.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

/**
 * The builder's lock (python-ldap's build packages) against the real Debian bookworm archive
 * and the test base recipe's dpkg status, and the library providers read from a layer's dpkg
 * database.
 */
class BuildPackagesLockTest {
    @TempDir
    Path project;

    private static ArchiveClient client;
    private static InstalledPackages base;

    @BeforeAll
    static void archive() {
        client = SystemArchiveFixture.client();
        base = InstalledPackages.parse(SystemArchiveFixture.baseStatus(), "amd64");
    }

    @Test
    void buildPackagesAreLockedWithTheirRuntimeLibrariesUnderTheirOwnHeader() throws Exception {
        Path lockFile = project.resolve(BuildPackagesLock.FILE_NAME);
        SystemRequests req = SystemRequests.parse(project.resolve("system-build-packages.txt"),
                "gcc libldap-dev libsasl2-dev\npython3-dev\n");
        SystemLock lock = BuildPackagesLock.lock(new SystemLocker(client, s -> { }), req,
                List.of(SystemArchiveFixture.bookworm()), base, lockFile);
        String text = Files.readString(lockFile);
        assertTrue(text.startsWith("# system-build-packages.lock: the Debian packages of the builder container"), text);
        assertFalse(text.contains("the Debian packages of the image"), text);
        for (String p : new String[] {"gcc", "libldap-dev", "libsasl2-dev", "libldap-2.5-0", "libsasl2-2",
            "libpython3.11-dev"}) {
            assertTrue(text.contains("\nPackage: " + p + "\n"), p + " in\n" + text);
        }
        assertFalse(text.contains("\nPackage: python3.11\n"), "the base's python3.11 is not added again");
        assertEquals(Optional.of(lock), BuildPackagesLock.check(lockFile, req, List.of(SystemArchiveFixture.bookworm()),
                base.statusText()));
        assertFalse(project.resolve("." + BuildPackagesLock.FILE_NAME + ".resolving").toFile().exists());

        SystemRequests more = SystemRequests.parse(req.file(), "gcc libldap-dev libsasl2-dev\npython3-dev\nlibcups2-dev\n");
        OdooImageException drift = assertThrows(OdooImageException.class, () -> BuildPackagesLock.check(lockFile,
                more, List.of(SystemArchiveFixture.bookworm()), base.statusText()));
        assertTrue(drift.getMessage().contains("is out of date: system-build-packages.txt")
                && drift.getMessage().contains("Run `mvn odoo:system-lock`"), drift.getMessage());
        Files.writeString(lockFile, text.replace("\nPackage: gcc\n", "\nPackage: gcc-12\n"));
        OdooImageException edited = assertThrows(OdooImageException.class, () -> BuildPackagesLock.check(lockFile,
                req, List.of(SystemArchiveFixture.bookworm()), base.statusText()));
        assertTrue(edited.getMessage().contains("edited by hand"), edited.getMessage());
        Files.delete(lockFile);
        OdooImageException missing = assertThrows(OdooImageException.class, () -> BuildPackagesLock.check(
                lockFile, req, List.of(SystemArchiveFixture.bookworm()), base.statusText()));
        assertTrue(missing.getMessage().contains("system-build-packages.txt asks for 4 package(s) but"),
                missing.getMessage());
        assertEquals(Optional.empty(), BuildPackagesLock.check(lockFile, SystemRequests.parse(req.file(), "# none\n"),
                List.of(SystemArchiveFixture.bookworm()), base.statusText()));
    }

    @Test
    void libraryProvidersAreTheLibrariesTheDevPackagesDependOn() throws Exception {
        Path layer = project.resolve("layer.tar.gz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            add(tar, "var/lib/dpkg/info/libldap-2.5-0:amd64.list", "/.\n/usr/lib/x86_64-linux-gnu\n"
                    + "/usr/lib/x86_64-linux-gnu/libldap-2.5.so.0.1.8\n/usr/lib/x86_64-linux-gnu/libldap-2.5.so.0\n"
                    + "/usr/share/doc/libldap-2.5-0/copyright\n");
            add(tar, "var/lib/dpkg/info/libldap-dev:amd64.list", "/usr/lib/x86_64-linux-gnu/libldap.so\n"
                    + "/usr/lib/x86_64-linux-gnu/libldap.a\n");
            add(tar, "var/lib/dpkg/info/libsasl2-2.list", "/usr/lib/x86_64-linux-gnu/libsasl2.so.2\n");
            add(tar, "var/lib/dpkg/info/libasan8.list", "/usr/lib/x86_64-linux-gnu/libasan.so.8\n");
            add(tar, "var/lib/dpkg/status", "Package: libc6\nStatus: install ok installed\nVersion: 2.36\n\n"
                    + "Package: libldap-dev\nStatus: install ok installed\nDepends: libldap-2.5-0 (= 2.5.13),"
                    + " libsasl2-dev | libfoo-dev\n\nPackage: libsasl2-dev\nDepends: libsasl2-2:amd64 (= 2.1.28)\n\n"
                    + "Package: gcc-12\nDepends: libasan8 (>= 12)\n");
            add(tar, "usr/lib/x86_64-linux-gnu/libfoo.so.1", "not a list");
        }
        Files.write(layer, bytes.toByteArray());
        Map<String, String> providers = LibraryProviders.read(layer);
        assertEquals(Map.of("libldap-2.5.so.0", "libldap-2.5-0", "libldap-2.5.so.0.1.8", "libldap-2.5-0",
                "libsasl2.so.2", "libsasl2-2"), providers);
        Path out = project.resolve("system/" + LibraryProviders.FILE_NAME);
        LibraryProviders.write(providers, out);
        assertTrue(Files.readString(out).contains("\nlibldap-2.5.so.0=libldap-2.5-0\nlibldap-2.5.so.0.1.8="
                + "libldap-2.5-0\nlibsasl2.so.2=libsasl2-2\n"), Files.readString(out));
    }

    private static void add(TarArchiveOutputStream tar, String name, String content) throws Exception {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }
}
