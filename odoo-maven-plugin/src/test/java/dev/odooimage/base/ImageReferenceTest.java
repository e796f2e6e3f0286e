package dev.odooimage.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.odooimage.util.OdooImageException;

class ImageReferenceTest {
    private static final String D = "sha256:" + "ab".repeat(32);

    @Test
    void dockerHubShortNamesGetRegistryAndLibrary() {
        ImageReference r = ImageReference.parse("python:3.10.20-slim-trixie", "pom.xml");
        assertEquals("docker.io", r.registry());
        assertEquals("library/python", r.repository());
        assertEquals("3.10.20-slim-trixie", r.tag());
        assertEquals("registry-1.docker.io", r.apiHost());
        assertFalse(r.isLoopback());

        ImageReference full = ImageReference.parse("docker.io/library/python:3.12.12-slim-trixie", "pom.xml");
        assertEquals("library/python", full.repository());
        assertEquals("bitnami/python", ImageReference.parse("bitnami/python:3.11", "x").repository());
    }

    @Test
    void registryHostsWithPortsAndPaths() {
        ImageReference r = ImageReference.parse("127.0.0.1:5000/test/debian-python:bookworm@" + D, "x");
        assertEquals("127.0.0.1:5000", r.registry());
        assertEquals("test/debian-python", r.repository());
        assertEquals("bookworm", r.tag());
        assertEquals(D, r.digest());
        assertTrue(r.isLoopback());
        assertTrue(ImageReference.parse("localhost:5000/a:b", "x").isLoopback());
        assertFalse(ImageReference.parse("ghcr.io/nuobit/oci-odoo:17.0-py310-trixie-r0001", "x").isLoopback());
        assertEquals("ghcr.io", ImageReference.parse("registry://ghcr.io/a/b:c", "x").registry());
    }

    @Test
    void withDigestKeepsTheSpellingAndReplacesAnOldDigest() {
        ImageReference r = ImageReference.parse("python:3.11-slim", "x");
        assertEquals("python:3.11-slim@" + D, r.withDigest(D).text());
        String other = "sha256:" + "cd".repeat(32);
        assertEquals("python:3.11-slim@" + other, r.withDigest(D).withDigest(other).text());
        assertNull(r.digest());
    }

    @Test
    void rejectsWhatCannotBePinnedWithTheOrigin() {
        for (String bad : new String[] {"", "tar:///tmp/base.tar", "python", "Python:3", "python:3@sha256:123",
                "${base}:x"}) {
            OdooImageException e = assertThrows(OdooImageException.class,
                    () -> ImageReference.parse(bad, "pom.xml line 7 <odoo.base.image>"), bad);
            assertTrue(e.getMessage().startsWith("pom.xml line 7 <odoo.base.image>"), e.getMessage());
        }
    }
}
