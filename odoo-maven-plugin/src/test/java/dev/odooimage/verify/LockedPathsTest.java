package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

class LockedPathsTest {
    @TempDir
    Path tmp;

    @Test
    void topLevelKeysInOrder() throws Exception {
        Path f = Files.writeString(tmp.resolve("repos.lock.yaml"), """
                ./odoo:
                  remotes: {odoo: file:///x}
                  merges:
                  - odoo 0123456789012345678901234567890123456789 # locked-from: odoo 17.0
                  target: odoo 17.0
                ./oca/web/:
                  remotes: {oca: file:///y}
                  merges: [oca 0123456789012345678901234567890123456789]
                  target: oca 17.0
                """);
        assertEquals(List.of("odoo", "oca/web"), LockedPaths.read(f));
    }

    @Test
    void missingLockIsNull() {
        assertNull(LockedPaths.read(tmp.resolve("repos.lock.yaml")));
    }

    @Test
    void brokenLockNamesTheFile() throws Exception {
        Path f = Files.writeString(tmp.resolve("repos.lock.yaml"), "- a\n- b\n");
        OdooImageException e = assertThrows(OdooImageException.class, () -> LockedPaths.read(f));
        assertTrue(e.getMessage().contains("repos.lock.yaml"), e.getMessage());
    }
}
