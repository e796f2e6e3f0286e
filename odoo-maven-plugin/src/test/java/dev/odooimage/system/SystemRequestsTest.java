package dev.odooimage.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.odooimage.util.OdooImageException;

class SystemRequestsTest {
    private static final Path FILE = Path.of("system-runtime-packages.txt");
    private static final String SHA = "a".repeat(64);

    @Test
    void readsNamesVersionsArchitecturesAndUrls() {
        SystemRequests r = SystemRequests.parse(FILE, """
                # fonts for reports
                fonts-dejavu-core   # inline comment
                postgresql-client-15 libpq5=15.13-0+deb12u1
                libc6:amd64
                https://example.org/wkhtmltox_0.12.6.1-3.bookworm_amd64.deb sha256:%s
                """.formatted(SHA.toUpperCase()));
        assertEquals(List.of("fonts-dejavu-core", "postgresql-client-15", "libpq5", "libc6", ""),
                r.requests().stream().map(SystemRequests.Request::name).toList());
        assertEquals(Optional.of("15.13-0+deb12u1"), r.requests().get(2).version());
        assertEquals(Optional.of("amd64"), r.requests().get(3).arch());
        assertEquals(Optional.of(SHA), r.requests().get(4).sha256());
        assertEquals(5, r.requests().get(4).line());
        assertEquals("fonts-dejavu-core\npostgresql-client-15\nlibpq5=15.13-0+deb12u1\nlibc6:amd64\n"
                + "https://example.org/wkhtmltox_0.12.6.1-3.bookworm_amd64.deb " + SHA + "\n", r.canonical());
    }

    @Test
    void urlWithoutSha256NamesFileLineAndFix() {
        OdooImageException e = assertThrows(OdooImageException.class, () -> SystemRequests.parse(FILE,
                "fonts-dejavu-core\nhttps://example.org/wkhtmltox.deb\n"));
        assertTrue(e.getMessage().startsWith("system-runtime-packages.txt line 2: "), e.getMessage());
        assertTrue(e.getMessage().contains("has no sha256"), e.getMessage());
    }

    @Test
    void badTokensNameFileAndLine() {
        assertMessage("Foo_Bar", "line 1: 'Foo_Bar' is not a Debian package name");
        assertMessage("\n\nlibpq5=x1", "line 3: 'libpq5=x1': version 'x1' must start with a digit");
        assertMessage("https://e.org/a.deb 1234", "line 1: 'https://e.org/a.deb 1234': a package by URL is");
        assertMessage("https://e.org/a.tar.gz " + SHA, "does not name a .deb file");
        assertMessage("libpq5\nlibpq5=1.0", "line 2: libpq5 is asked for twice");
    }

    private static void assertMessage(String text, String part) {
        OdooImageException e = assertThrows(OdooImageException.class, () -> SystemRequests.parse(FILE, text));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
