package dev.odooimage.addons;

import java.util.ArrayList;
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
 * {@link Long} or {@link java.math.BigInteger}, float to {@link Double}, bool to {@link Boolean},
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

    /** CPython's MAXLEVEL: brackets open at once in one statement. */
    static final int MAX_NESTING = 200;

    private final PySource s;
    /** Start of the last literal joined to a previous one, for the "missing comma" hint. */
    private int lastJoin = -1;
    private final List<Joined> joined = new ArrayList<>();

    /**
     * A str made of adjacent literals ({@code 'base' 'web'} is {@code 'baseweb'} in Python):
     * legal, but in a list of names almost always a missing comma.
     */
    public record Joined(int line, int column, List<String> parts) {
        public String value() {
            return String.join("", parts);
        }
    }

    /** A parsed literal and the implicitly joined strings in it. */
    public record Parsed(Object value, List<Joined> joined) {
    }

    private PyLiteralParser(String src, String name) {
        this.s = new PySource(src, name);
    }

    /**
     * Parses {@code text}, which must hold exactly one literal expression.
     *
     * @param sourceName file name used in error messages
     * @throws ManifestSyntaxException with file:line:column on anything else
     */
    public static Object parse(String text, String sourceName) {
        return parseWithJoins(text, sourceName).value();
    }

    /** {@link #parse(String, String)}, also telling which strings were joined from several literals. */
    public static Parsed parseWithJoins(String text, String sourceName) {
        PyLiteralParser p = new PyLiteralParser(text, sourceName);
        p.s.skip(true);
        if (p.s.eof()) {
            throw p.s.error(p.s.pos, "empty file: expected a Python dict literal");
        }
        Object value = p.value(0);
        p.s.skip(true);
        if (!p.s.eof()) {
            throw p.s.error(p.s.pos, "unexpected " + p.s.describe(p.s.pos) + " after the end of the literal"
                    + " (a manifest holds one dict literal and nothing else)");
        }
        return new Parsed(value, List.copyOf(p.joined));
    }

    // ---- values ---------------------------------------------------------------------

    private Object value(int depth) {
        s.skip(depth > 0);
        if (s.eof()) {
            throw s.error(s.pos, "unexpected end of file: expected a value");
        }
        int start = s.pos;
        char c = s.src.charAt(s.pos);
        if ((c == '{' || c == '[' || c == '(') && depth >= MAX_NESTING) {
            // CPython's tokenizer refuses the same way (MAXLEVEL): ast.literal_eval, which Odoo
            // uses, never sees such a manifest. Also keeps this recursive parser off the stack's end.
            throw s.error(start, "too many nested parentheses: Python allows " + MAX_NESTING + " nested brackets in a"
                    + " literal, and Odoo cannot load this manifest. Flatten it");
        }
        switch (c) {
            case '{':
                return dictOrSet(depth);
            case '[':
                s.pos++;
                return sequence(depth, ']', start, new ArrayList<>(), false);
            case '(':
                return parenthesised(depth);
            case '"':
            case '\'':
                return strings(depth);
            case '-':
            case '+':
                s.pos++;
                s.skip(depth > 0);
                if (s.eof() || !(Character.isDigit(s.src.charAt(s.pos)) || s.src.charAt(s.pos) == '.')) {
                    throw s.error(start, "'" + c + "' is only allowed in front of a number in a literal");
                }
                Object n = PyTokens.number(s);
                return c == '-' ? PyTokens.negate(n) : n;
            default:
                break;
        }
        if (Character.isDigit(c) || (c == '.' && s.pos + 1 < s.src.length() && Character.isDigit(s.src.charAt(s.pos + 1)))) {
            return PyTokens.number(s);
        }
        if (Character.isJavaIdentifierStart(c)) {
            int end = s.pos;
            while (end < s.src.length() && Character.isJavaIdentifierPart(s.src.charAt(end))) {
                end++;
            }
            String word = s.src.substring(s.pos, end);
            if (end < s.src.length() && (s.src.charAt(end) == '"' || s.src.charAt(end) == '\'')
                    && word.length() <= 2 && word.toLowerCase().matches("[rub]|br|rb|f|fr|rf")) {
                return strings(depth);
            }
            s.pos = end;
            return switch (word) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                case "None" -> null;
                default -> throw s.error(start, "'" + word + "' is not a literal: a manifest may hold only strings,"
                        + " numbers, True/False/None, lists, tuples and dicts (it is never executed)");
            };
        }
        throw s.error(start, "unexpected " + s.describe(start) + ": expected a value");
    }

    private Object dictOrSet(int depth) {
        int open = s.pos++;
        s.skip(true);
        PyDict dict = new PyDict();
        if (s.peek('}')) {
            s.pos++;
            return dict;
        }
        int keyPos = s.pos;
        Object first = value(depth + 1);
        s.skip(true);
        if (!s.peek(':')) {
            Set<Object> set = new LinkedHashSet<>();
            set.add(hashable(first, keyPos));
            return sequence(depth, '}', open, set, true);
        }
        while (true) {
            s.pos++; // ':'
            Object v = value(depth + 1);
            dict.remove(first); // Python keeps the last value of a repeated key, at its last position
            dict.put(hashable(first, keyPos), v);
            dict.positions.put(first, s.lineCol(keyPos));
            s.skip(true);
            if (!separator('}', open, "dict entry")) {
                return dict;
            }
            s.skip(true);
            if (s.eof()) {
                throw unclosed(open);
            }
            if (s.peek('}')) {
                s.pos++;
                return dict;
            }
            keyPos = s.pos;
            first = value(depth + 1);
            s.skip(true);
            if (!s.peek(':')) {
                throw s.error(s.pos, "expected ':' after dict key, found " + s.describe(s.pos));
            }
        }
    }

    private Object parenthesised(int depth) {
        int open = s.pos++;
        s.skip(true);
        if (s.peek(')')) {
            s.pos++;
            return Collections.unmodifiableList(new ArrayList<>());
        }
        Object first = value(depth + 1);
        s.skip(true);
        if (s.peek(')')) {
            s.pos++;
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
            s.skip(true);
            if (s.eof()) {
                throw unclosed(open);
            }
            if (s.peek(close)) {
                s.pos++;
                return items;
            }
            int itemPos = s.pos;
            Object v = value(depth + 1);
            items.add(isSet ? hashable(v, itemPos) : v);
            s.skip(true);
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
        s.skip(true);
        if (s.eof()) {
            throw unclosed(open);
        }
        if (s.peek(',')) {
            s.pos++;
            return true;
        }
        if (s.peek(close)) {
            s.pos++;
            return false;
        }
        String hint = s.src.charAt(s.pos) == '"' || s.src.charAt(s.pos) == '\'' ? " (missing comma?)" : "";
        if (lastJoin >= 0 && s.src.charAt(s.pos) == ':') {
            int[] lc = s.lineCol(lastJoin);
            hint = " (missing comma before line " + lc[0] + ", column " + lc[1]
                    + "? adjacent strings are joined into one)";
        }
        throw s.error(s.pos, "expected ',' or '" + close + "' after " + what + ", found " + s.describe(s.pos) + hint);
    }

    private ManifestSyntaxException unclosed(int open) {
        int[] lc = s.lineCol(open);
        return s.error(s.pos, "unexpected end of file: '" + s.src.charAt(open) + "' opened at line " + lc[0]
                + ", column " + lc[1] + " is never closed");
    }

    private Object hashable(Object key, int at) {
        if (key instanceof ArrayList || key instanceof Map || key instanceof Set) {
            throw s.error(at, "unhashable value used as a dict key or set item");
        }
        return key;
    }

    // ---- strings --------------------------------------------------------------------

    /** One or more adjacent string literals, concatenated as Python does. */
    private Object strings(int depth) {
        StringBuilder text = new StringBuilder();
        Boolean bytes = null;
        lastJoin = -1;
        int first = s.pos;
        List<String> parts = new ArrayList<>();
        while (true) {
            int start = s.pos;
            int from = text.length();
            boolean isBytes = PyTokens.stringLiteral(s, text);
            parts.add(text.substring(from));
            if (bytes != null && bytes != isBytes) {
                throw s.error(start, "cannot mix bytes and str literals in an implicit concatenation");
            }
            bytes = isBytes;
            int save = s.pos;
            s.skip(depth > 0);
            if (!s.eof() && PyTokens.startsString(s, s.pos)) {
                lastJoin = s.pos;
                continue;
            }
            s.pos = save;
            break;
        }
        if (parts.size() > 1 && !bytes) {
            int[] lc = s.lineCol(first);
            joined.add(new Joined(lc[0], lc[1], List.copyOf(parts)));
        }
        return bytes ? new PyBytes(text.toString()) : text.toString();
    }
}
