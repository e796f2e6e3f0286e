package dev.odooimage.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.contract.ImageLabels;
import dev.odooimage.contract.ImagePaths;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

class ContainerPlannerTest {
    @TempDir
    Path tmp;

    private ImageOptions options(String odooBin) throws IOException {
        Path reposLock = Files.writeString(tmp.resolve("repos.lock.yaml"), "./odoo:\n  merges: []\n");
        Path pyLock = Files.writeString(tmp.resolve("requirements.lock.txt"), "psycopg2==2.9.9 --hash=sha256:ab\n");
        return ImageOptions.builder().user(new Ownership(1000, 1000)).userName("odoo").workDir(tmp).reposLock(reposLock)
                .pythonLock(pyLock).odooSeries("17.0").source("https://git.example.org/acme/odoo-image")
                .revision("0123456789abcdef0123456789abcdef01234567").version("1.2.0").title("acme-odoo")
                .odooBin(odooBin).build();
    }

    /** What the extension gets: the labels and odoo-bin prepare-image computed, through a hand-off record. */
    private static ContainerSettings plan(ImageOptions o, LayerPlan layers, String baseImage) {
        String odooBin = ContainerPlanner.odooBin(o, layers);
        ImageHandoff h = new ImageHandoff(o.user(), o.userName(), o.path(), odooBin,
                new LayerInputs(layers.aggregates(), List.of()), ContainerPlanner.labels(o, odooBin, layers.aggregates()),
                java.util.Map.of(), java.util.Map.of());
        return ContainerPlanner.plan(h, baseImage);
    }

    @Test
    void setsUserEntrypointEnvironmentPortsVolumeAndLabels() throws IOException {
        LayerPlan layers = new LayerPlan(List.of(), List.of("odoo", "oca/web"), "/opt/odoo/src/odoo/odoo-bin");
        ContainerSettings c = plan(options(null), layers, "127.0.0.1:5000/debian-python@sha256:"
                + "1".repeat(64));
        assertEquals("1000:1000", c.user());
        assertEquals(List.of("/usr/local/bin/odoo-run"), c.entrypoint());
        assertEquals("/var/lib/odoo", c.workingDirectory());
        assertEquals(List.of(8069, 8072), c.tcpPorts());
        assertEquals(List.of("/var/lib/odoo"), c.volumes());
        assertTrue(c.environment().get("PATH").startsWith("/opt/odoo/venv/bin:"));
        assertEquals("odoo", c.environment().get("USER"));
        assertEquals("odoo", c.environment().get("LOGNAME"));
        assertEquals("/var/lib/odoo", c.environment().get("HOME"));
        assertEquals("/opt/odoo/src/odoo/odoo-bin", c.environment().get("ODOO_BIN"));
        assertEquals("https://git.example.org/acme/odoo-image", c.labels().get("org.opencontainers.image.source"));
        assertEquals("0123456789abcdef0123456789abcdef01234567", c.labels().get("org.opencontainers.image.revision"));
        assertEquals("1.2.0", c.labels().get("org.opencontainers.image.version"));
        assertEquals("acme-odoo", c.labels().get("org.opencontainers.image.title"));
        assertEquals("17.0", c.labels().get("dev.odooimage.odoo.series"));
        assertEquals(Digests.sha256Hex(tmp.resolve("repos.lock.yaml")), c.labels().get("dev.odooimage.repos-lock.sha256"));
        assertEquals(Digests.sha256Hex(tmp.resolve("requirements.lock.txt")),
                c.labels().get("dev.odooimage.python-lock.sha256"));
        assertTrue(c.labels().get("dev.odooimage.base-image").startsWith("127.0.0.1:5000/debian-python@sha256:"));
        assertEquals("odoo,oca/web", c.labels().get("dev.odooimage.aggregates"));
        // The label order is part of the image config, hence of the digest: the same as before the hand-off.
        assertEquals(ImageLabels.ALL, List.copyOf(c.labels().keySet()));
    }

    @Test
    void labelsChangeWhenALockChanges() throws IOException {
        LayerPlan layers = new LayerPlan(List.of(), List.of("odoo"), "/opt/odoo/src/odoo/odoo-bin");
        ImageOptions o = options(null);
        String before = plan(o, layers, "base").labels().get("dev.odooimage.python-lock.sha256");
        Files.writeString(o.pythonLock(), "psycopg2==2.9.10 --hash=sha256:cd\n");
        String after = plan(o, layers, "base").labels().get("dev.odooimage.python-lock.sha256");
        assertFalse(before.equals(after));
    }

    @Test
    void odooBinMustBeKnown() throws IOException {
        LayerPlan layers = new LayerPlan(List.of(), List.of("oca/web"), null);
        OdooImageException e = assertThrows(OdooImageException.class,
                () -> plan(options(null), layers, "base"));
        assertTrue(e.getMessage().contains("odooBin"), e.getMessage());
        assertEquals("/opt/odoo/src/ocb/odoo-bin",
                plan(options("/opt/odoo/src/ocb/odoo-bin"), layers, "base").environment()
                        .get("ODOO_BIN"));
    }

    @Test
    void missingLockFailsNamingIt() throws IOException {
        ImageOptions o = options(null);
        Files.delete(o.pythonLock());
        LayerPlan layers = new LayerPlan(List.of(), List.of("odoo"), "/opt/odoo/src/odoo/odoo-bin");
        OdooImageException e = assertThrows(OdooImageException.class, () -> plan(o, layers, "b"));
        assertTrue(e.getMessage().contains("requirements.lock.txt is missing"), e.getMessage());
    }

    @Test
    void ownershipIsNumeric() {
        assertEquals(new Ownership(1001, 0), Ownership.parse(" 1001:0 ", "user"));
        OdooImageException e = assertThrows(OdooImageException.class, () -> Ownership.parse("odoo:odoo", "user"));
        assertTrue(e.getMessage().contains("numeric"), e.getMessage());
    }
}
