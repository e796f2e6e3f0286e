package dev.odooimage.addons;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Python source text with a cursor: whitespace rules, positions and errors for {@link PyLiteralParser}. */
final class PySource {
    final String src;
    final String name;
    private final int[] lineStarts;
    /** The cursor, moved by the parser and the token readers. */
    int pos;

    PySource(String src, String name) {
        // A UTF-8 BOM is legal at the start of a Python source file.
        // Python reads sources with universal newlines: CRLF and CR become LF, also inside strings.
        String text = src.startsWith("\uFEFF") ? src.substring(1) : src;
        this.src = text.replace("\r\n", "\n").replace('\r', '\n');
        this.name = name;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < this.src.length(); i++) {
            if (this.src.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Skips spaces, comments and explicit line joins; newlines only inside brackets
     * (where Python ignores them) or around the top-level value.
     */
    void skip(boolean newlines) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
            } else if (c == '\\' && (src.startsWith("\\\n", pos) || src.startsWith("\\\r", pos))) {
                pos += src.startsWith("\\\r\n", pos) ? 3 : 2;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
                    pos++;
                }
            } else if ((c == '\n' || c == '\r') && newlines) {
                pos++;
            } else {
                return;
            }
        }
    }

    boolean peek(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    boolean eof() {
        return pos >= src.length();
    }

    String describe(int at) {
        if (at >= src.length()) {
            return "end of file";
        }
        int cp = src.codePointAt(at);
        if (cp == '\n' || cp == '\r') {
            return "end of line";
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    int[] lineCol(int at) {
        int idx = Arrays.binarySearch(lineStarts, at);
        int line = idx >= 0 ? idx : -idx - 2;
        int column = src.codePointCount(lineStarts[line], Math.min(at, src.length())) + 1;
        return new int[] {line + 1, column};
    }

    ManifestSyntaxException error(int at, String message) {
        int[] lc = lineCol(at);
        return new ManifestSyntaxException(name, lc[0], lc[1], message);
    }
}
