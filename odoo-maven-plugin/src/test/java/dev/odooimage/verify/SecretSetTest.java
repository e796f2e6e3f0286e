package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

class SecretSetTest {
    @TempDir
    Path tmp;

    private static List<String> values(SecretSet s) {
        return s.secrets().stream().map(x -> new String(x.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void linesUrlPasswordsAndValuesAreSearched() throws Exception {
        Path f = Files.writeString(tmp.resolve("git-credentials"), String.join("\n",
                "# comment", "https://x-access-token:ghp_0123456789abcdef@github.com", "",
                "DB_PASSWORD=correct-horse-battery", "short=abc"));
        SecretSet s = new SecretSet().addFile(f);
        assertEquals(List.of("https://x-access-token:ghp_0123456789abcdef@github.com", "ghp_0123456789abcdef",
                "DB_PASSWORD=correct-horse-battery", "correct-horse-battery", "short=abc"), values(s));
        assertEquals(List.of("secret file git-credentials line 5 (value)"), s.tooShort());
        assertTrue(s.secrets().get(1).label().contains("line 2 (URL password)"));
    }

    @Test
    void missingSecretFileIsAConfigurationError() {
        OdooImageException e = assertThrows(OdooImageException.class,
                () -> new SecretSet().addFile(tmp.resolve("nope")));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("<secretFiles>"));
    }

    @Test
    void blankValuesIgnoredShortOnesNoted() {
        SecretSet s = new SecretSet().add("a", null).add("b", "  ").add("c", "12345").add("d", "123456");
        assertEquals(List.of("123456"), values(s));
        assertEquals(List.of("c"), s.tooShort());
    }
}
