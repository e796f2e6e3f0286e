package dev.odooimage.imageprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

class AggregateOrderTest {
    @TempDir
    Path tmp;

    private List<String> read(String json) throws IOException {
        Path f = tmp.resolve("src.json");
        Files.writeString(f, json);
        return AggregateOrder.dirs(f);
    }

    @Test
    void keepsLockOrderAndNormalisesPaths() throws IOException {
        assertEquals(List.of("odoo", "oca/web", "zz", "customer"), read("""
                {"schema": 1, "aggregates": [
                  {"path": "./odoo", "merges": [{"remote": "odoo", "sha": "x"}]},
                  {"path": "oca/web/"}, {"path": "./zz"}, {"path": "customer", "empty": true, "n": -1.5e3}
                ]}"""));
        assertEquals(List.of("b", "a"), read("[\"./b\", {\"path\": \"a\"}]"));
        // The shape odoo:aggregate writes: dir is the directory under src/.
        assertEquals(List.of("odoo", "oca/web"), read("""
                {"format": 1, "aggregates": [
                  {"path": "./odoo", "dir": "odoo", "merges": [{"remote": "odoo", "url": "https://x/odoo.git",
                   "sha": "0123456789abcdef0123456789abcdef01234567", "lockedFrom": "17.0"}],
                   "recipe": "r", "tree": "t", "digest": "d"},
                  {"path": "oca/web/", "dir": "oca/web"}
                ]}"""));
    }

    @Test
    void refusesDuplicatesEscapesAndGarbageNamingTheFile() {
        OdooImageException e = assertThrows(OdooImageException.class,
                () -> read("{\"aggregates\": [{\"path\": \"./odoo\"}, {\"path\": \"odoo\"}]}"));
        assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
        for (String bad : List.of("../up", "/abs", "a/../b", ".")) {
            e = assertThrows(OdooImageException.class, () -> read("[\"" + bad + "\"]"));
            assertTrue(e.getMessage().contains("plain relative path"), e.getMessage());
        }
        e = assertThrows(OdooImageException.class, () -> read("{\"aggregates\": [\n{\"path\": \"odoo\",}\n]}"));
        assertTrue(e.getMessage().contains("src.json is not valid JSON") && e.getMessage().contains("line 2"),
                e.getMessage());
        e = assertThrows(OdooImageException.class, () -> read("{\"aggregates\": [{\"name\": \"odoo\"}]}"));
        assertTrue(e.getMessage().contains("aggregate #0 has no string \"dir\" or \"path\""), e.getMessage());
    }

    @Test
    void keepsTheDigestOdooAggregateRecorded() throws IOException {
        Path f = tmp.resolve("src.json");
        Files.writeString(f, """
                {"format": 1, "aggregates": [{"path": "./odoo", "dir": "odoo", "digest": "d1"}, {"path": "./x"}]}""");
        List<AggregateOrder.Entry> entries = AggregateOrder.read(f);
        assertEquals(List.of(new AggregateOrder.Entry("odoo", "d1"), new AggregateOrder.Entry("x", null)), entries);
        assertEquals(Map.of("odoo", "d1"), AggregateOrder.digests(entries));
    }
}
