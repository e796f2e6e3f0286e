package dev.odooimage.addons;

import java.math.BigInteger;

/** The lexical pieces of {@link PyLiteralParser}: string and number literals. */
final class PyTokens {
    private PyTokens() {
    }

    static boolean startsString(PySource s, int at) {
        int i = at;
        while (i < s.src.length() && i - at < 2 && Character.isLetter(s.src.charAt(i))) {
            i++;
        }
        if (i >= s.src.length() || (s.src.charAt(i) != '"' && s.src.charAt(i) != '\'')) {
            return false;
        }
        return s.src.substring(at, i).toLowerCase().matches("|[rub]|br|rb|f|fr|rf");
    }

    /** Reads one literal (prefix included) at s.pos, appending its value; returns true for bytes. */
    static boolean stringLiteral(PySource s, StringBuilder out) {
        int start = s.pos;
        String prefix = "";
        while (s.src.charAt(s.pos) != '"' && s.src.charAt(s.pos) != '\'') {
            prefix += Character.toLowerCase(s.src.charAt(s.pos++));
        }
        if (prefix.contains("f")) {
            throw s.error(start, "f-strings are evaluated code, not literals; use a plain string");
        }
        boolean raw = prefix.contains("r");
        boolean bytes = prefix.contains("b");
        char q = s.src.charAt(s.pos);
        boolean triple = s.src.startsWith(String.valueOf(q).repeat(3), s.pos);
        s.pos += triple ? 3 : 1;
        while (true) {
            if (s.eof()) {
                throw s.error(start, "unterminated " + (triple ? "triple-quoted " : "") + "string literal");
            }
            char c = s.src.charAt(s.pos);
            if (c == q && (!triple || s.src.startsWith(String.valueOf(q).repeat(3), s.pos))) {
                s.pos += triple ? 3 : 1;
                return bytes;
            }
            if ((c == '\n' || c == '\r') && !triple) {
                throw s.error(start, "unterminated string literal (a newline inside '" + q
                        + "...' needs a triple-quoted string or \\n)");
            }
            if (bytes && c > 0x7f) {
                throw s.error(s.pos, "bytes literals may only contain ASCII characters");
            }
            if (c != '\\') {
                out.append(c);
                s.pos++;
                continue;
            }
            if (s.pos + 1 >= s.src.length()) {
                throw s.error(start, "unterminated string literal");
            }
            if (raw) {
                // In a raw string a backslash stays, but it still stops the next quote from closing.
                out.append(c).append(s.src.charAt(s.pos + 1));
                s.pos += 2;
                continue;
            }
            escape(s, out, bytes);
        }
    }

    private static void escape(PySource s, StringBuilder out, boolean bytes) {
        int at = s.pos;
        char e = s.src.charAt(s.pos + 1);
        s.pos += 2;
        switch (e) {
            case '\n' -> { } // line continuation inside the literal
            case '\r' -> {
                if (s.peek('\n')) {
                    s.pos++;
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
            case 'x' -> out.appendCodePoint(hexDigits(s, at, 2));
            case 'u', 'U' -> {
                if (bytes) {
                    out.append('\\').append(e);
                } else {
                    out.appendCodePoint(hexDigits(s, at, e == 'u' ? 4 : 8));
                }
            }
            case 'N' -> {
                if (bytes) {
                    out.append("\\N");
                } else {
                    int close = s.src.indexOf('}', s.pos);
                    if (!s.peek('{') || close < 0) {
                        throw s.error(at, "malformed \\N{...} escape");
                    }
                    String charName = s.src.substring(s.pos + 1, close);
                    try {
                        out.appendCodePoint(Character.codePointOf(charName));
                    } catch (IllegalArgumentException ex) {
                        throw s.error(at, "unknown Unicode character name '" + charName + "'");
                    }
                    s.pos = close + 1;
                }
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    for (int i = 0; i < 2 && s.pos < s.src.length() && s.src.charAt(s.pos) >= '0' && s.src.charAt(s.pos) <= '7'; i++) {
                        v = v * 8 + (s.src.charAt(s.pos++) - '0');
                    }
                    out.appendCodePoint(v);
                } else {
                    out.append('\\').append(e); // Python keeps unknown escapes as written
                }
            }
        }
    }

    private static int hexDigits(PySource s, int at, int n) {
        if (s.pos + n > s.src.length() || !s.src.substring(s.pos, s.pos + n).matches("[0-9a-fA-F]+")) {
            throw s.error(at, "truncated \\" + s.src.charAt(at + 1) + " escape: expected " + n + " hex digits");
        }
        int cp = Integer.parseUnsignedInt(s.src.substring(s.pos, s.pos + n), 16);
        if (cp > Character.MAX_CODE_POINT) {
            throw s.error(at, "illegal Unicode character in escape");
        }
        s.pos += n;
        return cp;
    }

    // ---- numbers --------------------------------------------------------------------

    static Object number(PySource s) {
        int start = s.pos;
        boolean radix = s.src.startsWith("0x", s.pos) || s.src.startsWith("0X", s.pos) || s.src.startsWith("0o", s.pos)
                || s.src.startsWith("0O", s.pos) || s.src.startsWith("0b", s.pos) || s.src.startsWith("0B", s.pos);
        while (s.pos < s.src.length()) {
            char c = s.src.charAt(s.pos);
            boolean sign = (c == '+' || c == '-') && !radix && (s.src.charAt(s.pos - 1) == 'e' || s.src.charAt(s.pos - 1) == 'E');
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || sign) {
                s.pos++;
            } else {
                break;
            }
        }
        String text = s.src.substring(start, s.pos);
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
                    throw s.error(start, "leading zeros in a decimal integer are not allowed in Python 3: " + text);
                }
                return integer(new BigInteger(digits));
            }
            if (digits.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
                return Double.parseDouble(digits);
            }
            throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw s.error(start, "invalid number literal '" + text + "'");
        }
    }

    private static Object integer(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    static Object negate(Object n) {
        if (n instanceof Long l) {
            return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : -l;
        }
        if (n instanceof BigInteger b) {
            return integer(b.negate());
        }
        return -(Double) n;
    }
}
