package dev.odooimage.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Finds any of a set of secret byte strings in streams of any size, in one pass
 * (Aho-Corasick automaton over bytes), so every layer is scanned once whatever the
 * number of secrets. The secret values never leave this class: hits carry the label.
 */
public final class SecretScanner {

    /** A value that must not appear in the image; {@code label} says where it came from, never what it is. */
    public record Secret(String label, byte[] value) {
        public Secret {
            value = value.clone();
        }

        public static Secret of(String label, String value) {
            return new Secret(label, value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Secret[" + label + "]";
        }
    }

    /** Secrets shorter than this are too likely to occur by chance to be searched for. */
    public static final int MIN_LENGTH = 6;

    private final List<Secret> secrets;
    // goto function as a dense table: node * 256 + byte -> node (after failure links are folded in)
    private final int[] next;
    private final int[][] output;

    public SecretScanner(List<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
        int maxNodes = 1 + this.secrets.stream().mapToInt(s -> s.value().length).sum();
        int[] trie = new int[maxNodes * 256];
        Arrays.fill(trie, -1);
        List<List<Integer>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        int nodes = 1;
        for (int i = 0; i < this.secrets.size(); i++) {
            int node = 0;
            for (byte b : this.secrets.get(i).value()) {
                int slot = node * 256 + (b & 0xff);
                if (trie[slot] < 0) {
                    trie[slot] = nodes++;
                    out.add(new ArrayList<>());
                }
                node = trie[slot];
            }
            out.get(node).add(i);
        }
        int[] fail = new int[nodes];
        Deque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < 256; c++) {
            if (trie[c] < 0) {
                trie[c] = 0;
            } else {
                fail[trie[c]] = 0;
                queue.add(trie[c]);
            }
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            out.get(node).addAll(out.get(fail[node]));
            for (int c = 0; c < 256; c++) {
                int slot = node * 256 + c;
                int child = trie[slot];
                if (child < 0) {
                    trie[slot] = trie[fail[node] * 256 + c];
                } else {
                    fail[child] = trie[fail[node] * 256 + c];
                    queue.add(child);
                }
            }
        }
        this.next = Arrays.copyOf(trie, nodes * 256);
        this.output = new int[nodes][];
        for (int n = 0; n < nodes; n++) {
            output[n] = out.get(n).stream().distinct().mapToInt(Integer::intValue).toArray();
        }
    }

    public List<Secret> secrets() {
        return secrets;
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** Receives the index (into {@link #secrets()}) of each secret found. */
    public interface HitSink {
        void found(int secretIndex);
    }

    /** A scanning position in one stream; feed it bytes in order. */
    public Matcher matcher(HitSink sink) {
        return new Matcher(sink);
    }

    public final class Matcher {
        private final HitSink sink;
        private int state;

        private Matcher(HitSink sink) {
            this.sink = sink;
        }

        public void update(byte[] buf, int off, int len) {
            if (secrets.isEmpty()) {
                return;
            }
            int s = state;
            for (int i = off; i < off + len; i++) {
                s = next[s * 256 + (buf[i] & 0xff)];
                if (output[s].length > 0) {
                    for (int hit : output[s]) {
                        sink.found(hit);
                    }
                }
            }
            state = s;
        }

        /** Forgets partial matches, so that a match cannot span two files. */
        public void reset() {
            state = 0;
        }
    }
}
