package dev.odooimage.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UrlMaskTest {
    @Test
    void masksPasswordsAndTokens() {
        assertEquals("https://bot:***@git.example.com/a.git", UrlMask.mask("https://bot:hunter2@git.example.com/a.git"));
        assertEquals("https://***@github.com/a.git",
                UrlMask.mask("https://ghp_abcdefghijklmnopqrstuvwxyz012345@github.com/a.git"));
        assertEquals("cannot reach https://u:***@h/x and https://v:***@k/y",
                UrlMask.maskText("cannot reach https://u:p@h/x and https://v:q@k/y"));
        assertTrue(UrlMask.hasSecret("https://u:p@h/x"));
    }

    @Test
    void leavesUrlsWithoutSecretsAlone() {
        for (String u : new String[] {"https://github.com/odoo/odoo.git", "git@github.com:org/repo.git",
                "ssh://git@host:22/org/repo.git", "file:///tmp/repo", "/srv/git/repo.git"}) {
            assertEquals(u, UrlMask.mask(u));
            assertFalse(UrlMask.hasSecret(u));
        }
    }
}
