package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class SecretScannerTest {

    private static Set<Integer> scan(SecretScanner s, byte[] data, int chunk) {
        Set<Integer> hits = new TreeSet<>();
        SecretScanner.Matcher m = s.matcher(hits::add);
        for (int off = 0; off < data.length; off += chunk) {
            m.update(data, off, Math.min(chunk, data.length - off));
        }
        return hits;
    }

    @Test
    void findsOverlappingAndNestedSecretsAcrossChunkBoundaries() {
        SecretScanner s = new SecretScanner(List.of(SecretScanner.Secret.of("a", "abcabd"),
                SecretScanner.Secret.of("b", "cabdxx"), SecretScanner.Secret.of("c", "zzzzzz"),
                SecretScanner.Secret.of("d", "bcabdx")));
        byte[] data = "----abcabcabdxx----".getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= data.length; chunk++) {
            assertEquals(Set.of(0, 1, 3), scan(s, data, chunk), "chunk " + chunk);
        }
    }

    @Test
    void agreesWithNaiveSearchOnRandomData() {
        Random r = new Random(42);
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ('a' + r.nextInt(3));
        }
        List<String> words = List.of("abcabc", "aaaaaa", "cbacba", "abcbca", "bbbbbbb", "acacacac");
        List<SecretScanner.Secret> secrets = words.stream().map(w -> SecretScanner.Secret.of(w, w)).toList();
        String text = new String(data, StandardCharsets.ISO_8859_1);
        Set<Integer> expected = new TreeSet<>();
        for (int i = 0; i < words.size(); i++) {
            if (text.contains(words.get(i))) {
                expected.add(i);
            }
        }
        assertTrue(expected.size() > 1 && expected.size() < words.size() + 1);
        assertEquals(expected, scan(new SecretScanner(secrets), data, 4096));
    }

    @Test
    void secretValueNeverPrinted() {
        SecretScanner.Secret s = SecretScanner.Secret.of("server x", "hunter2hunter2");
        assertTrue(!s.toString().contains("hunter2"));
    }
}
