package dev.odooimage.repos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import dev.odooimage.util.OdooImageException;

/** The refresh options as Maven hands them over, trailing commas and empty values included. */
class RefreshTest {
    @Test
    void aTrailingCommaIsNoNullPointerException() {
        // Maven turns -Dodoo.repos.refresh=./odoo, into ["./odoo", null].
        Refresh r = Refresh.of(false, Arrays.asList("./odoo", null), null);
        assertEquals(List.of("./odoo"), r.aggregates());
    }

    @Test
    void anEmptyRefreshMergeIsRefusedNotIgnored() {
        Properties user = new Properties();
        user.setProperty("odoo.repos.refreshMerge", "");
        String msg = assertThrows(OdooImageException.class, () -> Refresh.of(false, null, null, user)).getMessage();
        assertTrue(msg.startsWith("odoo.repos.refreshMerge is set but names no merge") && msg.contains("./odoo nuobit"), msg);
        String empty = assertThrows(OdooImageException.class, () -> Refresh.of(false, List.of(" ", ","), null))
                .getMessage();
        assertTrue(empty.startsWith("odoo.repos.refresh is set but names no aggregate"), empty);
        assertTrue(Refresh.of(false, null, null, new Properties()).isNone(), "unset is still no refresh");
    }
}
