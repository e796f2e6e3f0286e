package dev.odooimage.addons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.odooimage.addons.PyLiteralParser.PyBytes;

class PyLiteralParserTest {

    private static Object parse(String s) {
        return PyLiteralParser.parse(s, "m.py");
    }

    private static ManifestSyntaxException fails(String s) {
        return assertThrows(ManifestSyntaxException.class, () -> parse(s));
    }

    @Test
    void deepNestingIsRefusedLikeCPythonNamingTheFile() {
        String deep = "{'depends': " + "[".repeat(5000) + "]".repeat(5000) + "}";
        ManifestSyntaxException e = assertThrows(ManifestSyntaxException.class,
                () -> PyLiteralParser.parse(deep, "addons/x/__manifest__.py"));
        assertEquals("addons/x/__manifest__.py:1:212: too many nested parentheses: Python allows 200 nested brackets in"
                + " a literal, and Odoo cannot load this manifest. Flatten it", e.getMessage());
    }

    @Test
    void stringsInEveryQuoteForm() {
        assertEquals("a", parse("'a'"));
        assertEquals("a", parse("\"a\""));
        assertEquals("it's", parse("\"it's\""));
        assertEquals("say \"hi\"", parse("'say \"hi\"'"));
        assertEquals("line1\nline2 'q' \"dq\"", parse("'''line1\nline2 'q' \"dq\"'''"));
        assertEquals("x\n  y", parse("\"\"\"x\n  y\"\"\""));
        assertEquals("", parse("''"));
        assertEquals("", parse("\"\"\"\"\"\""));
    }

    @Test
    void prefixes() {
        assertEquals("C:\\new\\table", parse("r'C:\\new\\table'"));
        assertEquals("\\d+\\.\\d+", parse("R\"\\d+\\.\\d+\""));
        assertEquals("a\\'b", parse("r'a\\'b'"), "a raw string keeps the backslash but the quote does not close");
        assertEquals("caf\u00e9", parse("u'caf\u00e9'"));
        assertEquals(new PyBytes("ab\n"), parse("b'ab\\n'"));
        assertEquals(new PyBytes("a\\nb"), parse("br'a\\nb'"));
        assertEquals(new PyBytes("x\\u00e9"), parse("b'x\\u00e9'"), "\\u is no escape in bytes");
    }

    @Test
    void escapes() {
        assertEquals("\t\n\r\\'\"\u0007\b\f\u000b", parse("'\\t\\n\\r\\\\\\'\\\"\\a\\b\\f\\v'"));
        assertEquals("\u00e9\u00e9\u20ac\uD83D\uDE00A", parse("'\\xe9\\u00e9\\u20ac\\U0001F600\\101'"));
        assertEquals("\u00e9", parse("'\\N{LATIN SMALL LETTER E WITH ACUTE}'"));
        assertEquals("\\d", parse("'\\d'"), "unknown escapes stay as written");
        assertEquals("ab", parse("'a\\\nb'"), "backslash-newline continues the literal");
        assertTrue(fails("'\\x4'").getMessage().contains("hex digits"));
        assertTrue(fails("'\\N{NO SUCH CHARACTER NAME}'").getMessage().contains("unknown Unicode character name"));
    }

    @Test
    void implicitConcatenationAcrossLinesAndComments() {
        Object v = parse("{'summary': 'Part one, '   # first\n   \"part two, \"\n    '''part three'''}");
        assertEquals("Part one, part two, part three", ((Map<?, ?>) v).get("summary"));
        assertEquals("ab", parse("('a' 'b')"));
        assertEquals("ab", parse("'a' 'b'"), "on one line also at top level");
        assertTrue(fails("{'x': 'a' b'b'}").getMessage().contains("cannot mix bytes and str"));
    }

    @Test
    void numbers() {
        assertEquals(0L, parse("0"));
        assertEquals(42L, parse("42"));
        assertEquals(-7L, parse("-7"));
        assertEquals(7L, parse("+ 7"));
        assertEquals(1_000_000L, parse("1_000_000"));
        assertEquals(255L, parse("0xff"));
        assertEquals(8L, parse("0o10"));
        assertEquals(5L, parse("0b101"));
        assertEquals(new BigInteger("123456789012345678901234567890"), parse("123456789012345678901234567890"));
        assertEquals(1.5, parse("1.5"));
        assertEquals(0.5, parse(".5"));
        assertEquals(10.0, parse("10."));
        assertEquals(-2.5e-3, parse("-2.5e-3"));
        assertEquals(1e10, parse("1E10"));
        assertTrue(fails("017").getMessage().contains("leading zeros"));
        assertTrue(fails("1__0").getMessage().contains("invalid number"));
        assertTrue(fails("1j").getMessage().contains("invalid number"));
    }

    @Test
    void constantsAndContainers() {
        assertEquals(Boolean.TRUE, parse("True"));
        assertEquals(Boolean.FALSE, parse("False"));
        assertNull(parse("None"));
        assertEquals(List.of(1L, 2L), parse("[1, 2,]"));
        assertEquals(List.of(), parse("[ ]"));
        assertEquals(List.of("a", "b"), parse("('a', 'b')"));
        assertEquals(List.of("a"), parse("('a',)"));
        assertEquals("a", parse("('a')"), "parentheses alone make no tuple");
        assertEquals(List.of(), parse("()"));
        assertEquals(Set.of("x", "y"), parse("{'x', 'y',}"));
        assertEquals(Arrays.asList(null, true, List.of(List.of())), parse("[None, True, [[]]]"));
        Map<?, ?> d = (Map<?, ?>) parse("{1: 'one', (1, 2): 'tuple', None: 0}");
        assertEquals("one", d.get(1L));
        assertEquals("tuple", d.get(List.of(1L, 2L)));
        assertEquals(0L, d.get(null));
    }

    @Test
    void repeatedKeyKeepsLastValueLikePython() {
        Map<?, ?> d = (Map<?, ?>) parse("{'a': 1, 'b': 2, 'a': 3}");
        assertEquals(3L, d.get("a"));
        assertEquals(List.of("b", "a"), List.copyOf(d.keySet()));
    }

    @Test
    void nonAsciiAndOddSpacing() {
        String src = "\uFEFF# -*- coding: utf-8 -*-\n\n\n   {\n\t'name'   :\"Comptabilit\u00e9 \u2013 \u65e5\u672c\u8a9e\" ,\n"
                + "'author':'M\u00fcller \uD83D\uDE80',\r\n  'depends' :[ 'base' ,\n\n 'web'\n ] ,   }  \n# end\n";
        Map<?, ?> d = (Map<?, ?>) parse(src);
        assertEquals("Comptabilit\u00e9 \u2013 \u65e5\u672c\u8a9e", d.get("name"));
        assertEquals("M\u00fcller \uD83D\uDE80", d.get("author"));
        assertEquals(List.of("base", "web"), d.get("depends"));
    }

    @Test
    void explicitLineJoinOutsideBrackets() {
        assertEquals("ab", parse("'a' \\\n 'b'"));
    }

    @Test
    void neverExecutesAnything() {
        ManifestSyntaxException e = fails("{'name': __import__('os').system('touch /tmp/pwned')}");
        assertEquals(1, e.line());
        assertEquals(10, e.column());
        assertTrue(e.getMessage().contains("'__import__' is not a literal"), e.getMessage());
        assertTrue(fails("{'depends': ['base'] + ['web']}").getMessage().contains("expected ',' or '}'"));
        assertTrue(fails("{'v': f'{x}'}").getMessage().contains("f-strings"));
        assertTrue(fails("{'a': 1 if True else 2}").getMessage().contains("expected ',' or '}'"));
        assertTrue(fails("{'a': -'x'}").getMessage().contains("only allowed in front of a number"));
    }

    @Test
    void errorsNameFileLineAndColumn() {
        ManifestSyntaxException e = fails("{\n    'name': 'X',\n    'depends': ['base'\n    'version': '17.0.1.0.0',\n}");
        assertEquals("m.py", e.file());
        assertEquals(4, e.line(), "'base' and 'version' are joined; the ':' after them is the error");
        assertEquals(14, e.column());
        assertTrue(e.getMessage().startsWith("m.py:4:14: "), e.getMessage());
        assertTrue(e.getMessage().contains("missing comma before line 4, column 5?"), e.getMessage());

        e = fails("{\n 'name': 'X'\n 'depends': [],\n}");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("missing comma before line 3, column 2?"), e.getMessage());

        e = fails("{'name': 'X' 'depends': []}");
        assertTrue(e.getMessage().contains("missing comma before line 1, column 14?"), e.getMessage());

        e = fails("{'depends': ['base' 42]}");
        assertTrue(e.getMessage().startsWith("m.py:1:21: expected ',' or ']' after item, found '4'"), e.getMessage());

        e = fails("{\n  'name': 'X',\n  'depends': ['base',\n");
        assertTrue(e.getMessage().contains("'[' opened at line 3, column 14 is never closed"), e.getMessage());

        e = fails("{'summary': 'no end\n}");
        assertEquals(1, e.line());
        assertEquals(13, e.column());
        assertTrue(e.getMessage().contains("unterminated string literal"));

        e = fails("{'description': \"\"\"never\nclosed\n}");
        assertTrue(e.getMessage().contains("unterminated triple-quoted string literal"));

        e = fails("{'a': 1}\n{'b': 2}");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("after the end of the literal"));

        assertTrue(fails("   \n# only a comment\n").getMessage().contains("empty file"));
        assertTrue(fails("{'k': 'caf\u00e9', 'x': ?}").getMessage().startsWith("m.py:1:20:"),
                "columns count characters, not bytes");
        assertTrue(fails("{['a']: 1}").getMessage().contains("unhashable"));
        assertTrue(fails("{'a' 1}").getMessage().contains("expected ',' or '}'"));
        assertTrue(fails("{'a': 1, 'b' 2}").getMessage().contains("expected ':' after dict key"));
    }

    @Test
    void newlineBetweenTopLevelStringsIsNotAContinuation() {
        assertInstanceOf(ManifestSyntaxException.class, fails("'a'\n'b'"));
    }
}
