package dev.odooimage.addons;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the subset of Python that {@code ast.literal_eval} accepts and Odoo manifests
 * use: strings (single, double and triple quotes; r/u/b prefixes; escapes; implicit
 * concatenation), numbers, True/False/None, lists, tuples, dicts and sets, with comments,
 * trailing commas and free spacing. Nothing is ever executed: any name, call or operator
 * is a syntax error pointing at its line and column.
 *
 * <p>Values map to Java as: str to {@link String}, bytes to {@link PyBytes}, int to
 * {@link Long} or {@link BigInteger}, float to {@link Double}, bool to {@link Boolean},
 * None to {@code null}, list and tuple to {@link List}, dict to {@link PyDict}
 * (insertion-ordered, remembers where each key was written), set to {@link Set}.
 */
public final class PyLiteralParser {

    /** A bytes literal, kept as the string of its byte values (Latin-1). */
    public record PyBytes(String latin1) {
    }

    /** A dict that remembers the position of each key, for error messages on values. */
    public static final class PyDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
        private final Map<Object, int[]> positions = new LinkedHashMap<>();

        /** {line, column} of {@code key} in the source, or null. */
        public int[] position(Object key) {
            return positions.get(key);
        }
    }

    private final String src;
    private final String name;
    private final int[] lineStarts;
    private int pos;
    /** Start of the last literal joined to a previous one, for the "missing comma" hint. */
    private int lastJoin = -1;

    private PyLiteralParser(String src, String name) {
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
     * Parses {@code text}, which must hold exactly one literal expression.
     *
     * @param sourceName file name used in error messages
     * @throws ManifestSyntaxException with file:line:column on anything else
     */
    public static Object parse(String text, String sourceName) {
        PyLiteralParser p = new PyLiteralParser(text, sourceName);
        p.skip(true);
        if (p.eof()) {
            throw p.error(p.pos, "empty file: expected a Python dict literal");
        }
        Object value = p.value(0);
        p.skip(true);
        if (!p.eof()) {
            throw p.error(p.pos, "unexpected " + p.describe(p.pos) + " after the end of the literal"
                    + " (a manifest holds one dict literal and nothing else)");
        }
        return value;
    }

    // ---- values ---------------------------------------------------------------------

    private Object value(int depth) {
        skip(depth > 0);
        if (eof()) {
            throw error(pos, "unexpected end of file: expected a value");
        }
        int start = pos;
        char c = src.charAt(pos);
        switch (c) {
            case '{':
                return dictOrSet(depth);
            case '[':
                pos++;
                return sequence(depth, ']', start, new ArrayList<>(), false);
            case '(':
                return parenthesised(depth);
            case '"':
            case '\'':
                return strings(depth);
            case '-':
            case '+':
                pos++;
                skip(depth > 0);
                if (eof() || !(Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
                    throw error(start, "'" + c + "' is only allowed in front of a number in a literal");
                }
                Object n = number();
                return c == '-' ? negate(n) : n;
            default:
                break;
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
            return number();
        }
        if (Character.isJavaIdentifierStart(c)) {
            int end = pos;
            while (end < src.length() && Character.isJavaIdentifierPart(src.charAt(end))) {
                end++;
            }
            String word = src.substring(pos, end);
            if (end < src.length() && (src.charAt(end) == '"' || src.charAt(end) == '\'')
                    && word.length() <= 2 && word.toLowerCase().matches("[rub]|br|rb|f|fr|rf")) {
                return strings(depth);
            }
            pos = end;
            return switch (word) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                case "None" -> null;
                default -> throw error(start, "'" + word + "' is not a literal: a manifest may hold only strings,"
                        + " numbers, True/False/None, lists, tuples and dicts (it is never executed)");
            };
        }
        throw error(start, "unexpected " + describe(start) + ": expected a value");
    }

    private Object dictOrSet(int depth) {
        int open = pos++;
        skip(true);
        PyDict dict = new PyDict();
        if (peek('}')) {
            pos++;
            return dict;
        }
        int keyPos = pos;
        Object first = value(depth + 1);
        skip(true);
        if (!peek(':')) {
            Set<Object> set = new LinkedHashSet<>();
            set.add(hashable(first, keyPos));
            return sequence(depth, '}', open, set, true);
        }
        while (true) {
            pos++; // ':'
            Object v = value(depth + 1);
            dict.remove(first); // Python keeps the last value of a repeated key, at its last position
            dict.put(hashable(first, keyPos), v);
            dict.positions.put(first, lineCol(keyPos));
            skip(true);
            if (!separator('}', open, "dict entry")) {
                return dict;
            }
            skip(true);
            if (eof()) {
                throw unclosed(open);
            }
            if (peek('}')) {
                pos++;
                return dict;
            }
            keyPos = pos;
            first = value(depth + 1);
            skip(true);
            if (!peek(':')) {
                throw error(pos, "expected ':' after dict key, found " + describe(pos));
            }
        }
    }

    private Object parenthesised(int depth) {
        int open = pos++;
        skip(true);
        if (peek(')')) {
            pos++;
            return Collections.unmodifiableList(new ArrayList<>());
        }
        Object first = value(depth + 1);
        skip(true);
        if (peek(')')) {
            pos++;
            return first; // (x) is x, not a tuple
        }
        List<Object> items = new ArrayList<>();
        items.add(first);
        if (!separator(')', open, "tuple item")) {
            return Collections.unmodifiableList(items);
        }
        return Collections.unmodifiableList(sequence(depth, ')', open, items, false));
    }

    /**
     * Reads items up to {@code close}; the opening bracket (at {@code open}) and any items
     * already in {@code items} are consumed, the separator after them only if not {@code needSeparator}.
     */
    private <C extends Collection<Object>> C sequence(int depth, char close, int open, C items, boolean needSeparator) {
        boolean isSet = items instanceof Set;
        if (needSeparator && !separator(close, open, isSet ? "set item" : "item")) {
            return items;
        }
        while (true) {
            skip(true);
            if (eof()) {
                throw unclosed(open);
            }
            if (peek(close)) {
                pos++;
                return items;
            }
            int itemPos = pos;
            Object v = value(depth + 1);
            items.add(isSet ? hashable(v, itemPos) : v);
            skip(true);
            if (!separator(close, open, isSet ? "set item" : "item")) {
                return items;
            }
        }
    }

    /**
     * After an item: consumes ',' (returns true: more may follow) or the closing bracket
     * (returns false), else fails naming both the bad token and the open bracket.
     */
    private boolean separator(char close, int open, String what) {
        skip(true);
        if (eof()) {
            throw unclosed(open);
        }
        if (peek(',')) {
            pos++;
            return true;
        }
        if (peek(close)) {
            pos++;
            return false;
        }
        String hint = src.charAt(pos) == '"' || src.charAt(pos) == '\'' ? " (missing comma?)" : "";
        if (lastJoin >= 0 && src.charAt(pos) == ':') {
            int[] lc = lineCol(lastJoin);
            hint = " (missing comma before line " + lc[0] + ", column " + lc[1]
                    + "? adjacent strings are joined into one)";
        }
        throw error(pos, "expected ',' or '" + close + "' after " + what + ", found " + describe(pos) + hint);
    }

    private ManifestSyntaxException unclosed(int open) {
        int[] lc = lineCol(open);
        return error(pos, "unexpected end of file: '" + src.charAt(open) + "' opened at line " + lc[0]
                + ", column " + lc[1] + " is never closed");
    }

    private Object hashable(Object key, int at) {
        if (key instanceof ArrayList || key instanceof Map || key instanceof Set) {
            throw error(at, "unhashable value used as a dict key or set item");
        }
        return key;
    }

    // ---- strings --------------------------------------------------------------------

    /** One or more adjacent string literals, concatenated as Python does. */
    private Object strings(int depth) {
        StringBuilder text = new StringBuilder();
        Boolean bytes = null;
        lastJoin = -1;
        while (true) {
            int start = pos;
            boolean isBytes = stringLiteral(text);
            if (bytes != null && bytes != isBytes) {
                throw error(start, "cannot mix bytes and str literals in an implicit concatenation");
            }
            bytes = isBytes;
            int save = pos;
            skip(depth > 0);
            if (!eof() && startsString(pos)) {
                lastJoin = pos;
                continue;
            }
            pos = save;
            break;
        }
        return bytes ? new PyBytes(text.toString()) : text.toString();
    }

    private boolean startsString(int at) {
        int i = at;
        while (i < src.length() && i - at < 2 && Character.isLetter(src.charAt(i))) {
            i++;
        }
        if (i >= src.length() || (src.charAt(i) != '"' && src.charAt(i) != '\'')) {
            return false;
        }
        return src.substring(at, i).toLowerCase().matches("|[rub]|br|rb|f|fr|rf");
    }

    /** Reads one literal (prefix included) at pos, appending its value; returns true for bytes. */
    private boolean stringLiteral(StringBuilder out) {
        int start = pos;
        String prefix = "";
        while (src.charAt(pos) != '"' && src.charAt(pos) != '\'') {
            prefix += Character.toLowerCase(src.charAt(pos++));
        }
        if (prefix.contains("f")) {
            throw error(start, "f-strings are evaluated code, not literals; use a plain string");
        }
        boolean raw = prefix.contains("r");
        boolean bytes = prefix.contains("b");
        char q = src.charAt(pos);
        boolean triple = src.startsWith(String.valueOf(q).repeat(3), pos);
        pos += triple ? 3 : 1;
        while (true) {
            if (eof()) {
                throw error(start, "unterminated " + (triple ? "triple-quoted " : "") + "string literal");
            }
            char c = src.charAt(pos);
            if (c == q && (!triple || src.startsWith(String.valueOf(q).repeat(3), pos))) {
                pos += triple ? 3 : 1;
                return bytes;
            }
            if ((c == '\n' || c == '\r') && !triple) {
                throw error(start, "unterminated string literal (a newline inside '" + q
                        + "...' needs a triple-quoted string or \\n)");
            }
            if (bytes && c > 0x7f) {
                throw error(pos, "bytes literals may only contain ASCII characters");
            }
            if (c != '\\') {
                out.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= src.length()) {
                throw error(start, "unterminated string literal");
            }
            if (raw) {
                // In a raw string a backslash stays, but it still stops the next quote from closing.
                out.append(c).append(src.charAt(pos + 1));
                pos += 2;
                continue;
            }
            escape(out, bytes);
        }
    }

    private void escape(StringBuilder out, boolean bytes) {
        int at = pos;
        char e = src.charAt(pos + 1);
        pos += 2;
        switch (e) {
            case '\n' -> { } // line continuation inside the literal
            case '\r' -> {
                if (peek('\n')) {
                    pos++;
                }
            }
            case '\\', '\'', '"' -> out.append(e);
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case 'x' -> out.appendCodePoint(hexDigits(at, 2));
            case 'u', 'U' -> {
                if (bytes) {
                    out.append('\\').append(e);
                } else {
                    out.appendCodePoint(hexDigits(at, e == 'u' ? 4 : 8));
                }
            }
            case 'N' -> {
                if (bytes) {
                    out.append("\\N");
                } else {
                    int close = src.indexOf('}', pos);
                    if (!peek('{') || close < 0) {
                        throw error(at, "malformed \\N{...} escape");
                    }
                    String charName = src.substring(pos + 1, close);
                    try {
                        out.appendCodePoint(Character.codePointOf(charName));
                    } catch (IllegalArgumentException ex) {
                        throw error(at, "unknown Unicode character name '" + charName + "'");
                    }
                    pos = close + 1;
                }
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    for (int i = 0; i < 2 && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7'; i++) {
                        v = v * 8 + (src.charAt(pos++) - '0');
                    }
                    out.appendCodePoint(v);
                } else {
                    out.append('\\').append(e); // Python keeps unknown escapes as written
                }
            }
        }
    }

    private int hexDigits(int at, int n) {
        if (pos + n > src.length() || !src.substring(pos, pos + n).matches("[0-9a-fA-F]+")) {
            throw error(at, "truncated \\" + src.charAt(at + 1) + " escape: expected " + n + " hex digits");
        }
        int cp = Integer.parseUnsignedInt(src.substring(pos, pos + n), 16);
        if (cp > Character.MAX_CODE_POINT) {
            throw error(at, "illegal Unicode character in escape");
        }
        pos += n;
        return cp;
    }

    // ---- numbers --------------------------------------------------------------------

    private Object number() {
        int start = pos;
        boolean radix = src.startsWith("0x", pos) || src.startsWith("0X", pos) || src.startsWith("0o", pos)
                || src.startsWith("0O", pos) || src.startsWith("0b", pos) || src.startsWith("0B", pos);
        while (pos < src.length()) {
            char c = src.charAt(pos);
            boolean sign = (c == '+' || c == '-') && !radix && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E');
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || sign) {
                pos++;
            } else {
                break;
            }
        }
        String text = src.substring(start, pos);
        String digits = text.replace("_", "");
        try {
            if (text.contains("__") || text.endsWith("_") || text.endsWith("j") || text.endsWith("J")) {
                throw new NumberFormatException();
            }
            if (radix) {
                int base = switch (Character.toLowerCase(text.charAt(1))) {
                    case 'x' -> 16;
                    case 'o' -> 8;
                    default -> 2;
                };
                return integer(new BigInteger(digits.substring(2), base));
            }
            if (digits.matches("[0-9]+")) {
                if (digits.length() > 1 && digits.startsWith("0") && !digits.matches("0+")) {
                    throw error(start, "leading zeros in a decimal integer are not allowed in Python 3: " + text);
                }
                return integer(new BigInteger(digits));
            }
            if (digits.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
                return Double.parseDouble(digits);
            }
            throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw error(start, "invalid number literal '" + text + "'");
        }
    }

    private static Object integer(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static Object negate(Object n) {
        if (n instanceof Long l) {
            return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : -l;
        }
        if (n instanceof BigInteger b) {
            return integer(b.negate());
        }
        return -(Double) n;
    }

    // ---- lexical helpers ------------------------------------------------------------

    /**
     * Skips spaces, comments and explicit line joins; newlines only inside brackets
     * (where Python ignores them) or around the top-level value.
     */
    private void skip(boolean newlines) {
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

    private boolean peek(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    private boolean eof() {
        return pos >= src.length();
    }

    private String describe(int at) {
        if (at >= src.length()) {
            return "end of file";
        }
        int cp = src.codePointAt(at);
        if (cp == '\n' || cp == '\r') {
            return "end of line";
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    private int[] lineCol(int at) {
        int idx = Arrays.binarySearch(lineStarts, at);
        int line = idx >= 0 ? idx : -idx - 2;
        int column = src.codePointCount(lineStarts[line], Math.min(at, src.length())) + 1;
        return new int[] {line + 1, column};
    }

    private ManifestSyntaxException error(int at, String message) {
        int[] lc = lineCol(at);
        return new ManifestSyntaxException(name, lc[0], lc[1], message);
    }
}
