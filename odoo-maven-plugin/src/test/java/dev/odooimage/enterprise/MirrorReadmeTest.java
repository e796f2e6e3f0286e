package dev.odooimage.enterprise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The README identity block: created, replaced in place, appended; the operator's text kept. */
class MirrorReadmeTest {
    static Bundle bundle(String name, long size, String sha) {
        return new Bundle(Path.of("/downloads/" + name), size, sha, Instant.parse("2024-03-01T12:00:00Z"), "tar.gz",
                "top", List.of("odoo/addons"), new TreeMap<>(), 1, 0, Set.of(), "17.0");
    }

    @Test
    void createdWithAHeaderThenReplacedInPlace() {
        String first = MirrorReadme.update(null, bundle("odoo_17.0+e.20240301.tar.gz", 10, "aa"), "17.0");
        assertTrue(first.startsWith("# Odoo Enterprise 17.0 (private mirror)\n"), first);
        assertTrue(first.endsWith("| file | `odoo_17.0+e.20240301.tar.gz` |\n| date | 2024-03-01T12:00:00Z |\n"
                + "| size | 10 bytes |\n| sha256 | `aa` |\n" + MirrorReadme.END + "\n"), first);
        assertEquals(first, MirrorReadme.update(first, bundle("odoo_17.0+e.20240301.tar.gz", 10, "aa"), "17.0"),
                "same bundle, same text: no commit");

        String edited = "# ACME Enterprise\n\nOwned by ops.\n\n" + first.substring(first.indexOf(MirrorReadme.BEGIN))
                + "\nMore notes.\n";
        String second = MirrorReadme.update(edited, bundle("odoo_17.0+e.20240401.tar.gz", 12, "bb"), "17.0");
        assertEquals("# ACME Enterprise\n\nOwned by ops.\n\n" + MirrorReadme.block(bundle("odoo_17.0+e.20240401.tar.gz",
                12, "bb")) + "\nMore notes.\n", second);
    }

    @Test
    void appendedToAReadmeWithoutABlock() {
        assertEquals("# Mirror\n\n" + MirrorReadme.block(bundle("b.zip", 1, "cc")),
                MirrorReadme.update("# Mirror\n", bundle("b.zip", 1, "cc"), "17.0"));
        assertEquals("# Mirror\n\n" + MirrorReadme.block(bundle("b.zip", 1, "cc")),
                MirrorReadme.update("# Mirror", bundle("b.zip", 1, "cc"), "17.0"));
    }
}
