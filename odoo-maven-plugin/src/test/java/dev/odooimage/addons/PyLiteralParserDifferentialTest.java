package dev.odooimage.addons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.addons.PyLiteralParser.PyBytes;
import dev.odooimage.util.DifferentialOracle;

/**
 * Compares the parser with CPython's own {@code ast.literal_eval} (what Odoo uses) on
 * real-world manifest shapes and on tricky literals: same value, or both refuse.
 */
class PyLiteralParserDifferentialTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final String PY = String.join("\n",
            "import ast, json, sys",
            "def conv(v):",
            "    if isinstance(v, dict): return {'__dict__': [[conv(k), conv(x)] for k, x in v.items()]}",
            "    if isinstance(v, (set, frozenset)): return {'__set__': sorted(json.dumps(conv(x)) for x in v)}",
            "    if isinstance(v, (list, tuple)): return [conv(x) for x in v]",
            "    if isinstance(v, bytes): return {'__bytes__': v.decode('latin-1')}",
            "    if isinstance(v, int) and not isinstance(v, bool): return {'__int__': str(v)}",
            "    return v",
            "for f in sys.argv[1:]:",
            "    src = open(f, encoding='utf-8').read()",
            "    try:",
            "        print(json.dumps(conv(ast.literal_eval(src))))",
            "    except (SyntaxError, ValueError, TypeError) as e:",
            "        print(json.dumps({'__error__': type(e).__name__}))");
    /** CPython's verdict per source, computed in one python3 run for all cases. */
    private static final Map<String, JsonNode> CPYTHON = new java.util.HashMap<>();

    private static final String[] VALID = {
        "'\\101\\7\\08\\x7f\\u20ac\\U0001F600'",
        "'\\N{EURO SIGN} \\N{latin small letter a with grave}'",
        "r'\\'' r\"\\\"\" r'\\\\'",
        "b'\\x00\\xff\\101' br'\\x00'",
        "u'''a\\\nb'''",
        "\"\"\"'''\"\"\" '''\"\"\"'''",
        "\"\"\"a\"\"\\\"\"\"\"",
        "{'a': (1, (2,), ()), 'b': {1, 2.5, 'x'}, (1, 'k'): [[]], None: -0.0}",
        "[1_0, 0x_f, 0o7_7, 0b1_0, 1e-3, 1.E+2, 00, -  3, +4, 123456789012345678901234567890]",
        "{\n# c\n'k' # c\n : # c\n 'v' # c\n , # c\n}",
        "('a'\n 'b'\n 'c',)",
        "[True, False, None,]",
        "'tab\\tnew\\nline\\\\'",
        "'\\q\\d'",
        "['a',\r'b', '''x\r\ny\rz''', 'c\\\r\nd', 'e\\\rf']",
        nested(200), // CPython's tokenizer allows 200 nested brackets (MAXLEVEL)
    };
    private static final String[] INVALID = {
        "{'a': 1 + 2}", "[x]", "{'a': f'{1}'}", "'a' b'b'", "017", "1__0", "1_", "{'a' 1}", "[1 2]",
        "{'k': 'unterminated}", "{'x': [1, 2}", "{**{}}", "'a'\n'b'", "{'a': not True}", "0x", "1.2.3",
        "[1,,2]", "{,}", "(,)", "b'\u00e9'", "{'\\N{NOT A NAME}': 1}", "{['a']: 1}",
        nested(201), nested(100_000), // "too many nested parentheses", not a StackOverflowError
    };

    /** A dict whose value nests lists and tuples so that {@code levels} brackets are open at once. */
    private static String nested(int levels) {
        StringBuilder b = new StringBuilder("{'deep': ");
        for (int i = 1; i < levels; i++) {
            b.append(i % 2 == 0 ? "(" : "[");
        }
        b.append("1");
        for (int i = levels - 1; i >= 1; i--) {
            b.append(i % 2 == 0 ? ",)" : "]");
        }
        return b.append('}').toString();
    }

    @TempDir
    static Path tmp;

    @BeforeAll
    static void python() throws Exception {
        boolean ok;
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        DifferentialOracle.require(ok, "python3 is needed to compare with CPython's ast.literal_eval");
        List<String> sources = new ArrayList<>();
        for (String f : manifests().toList()) {
            sources.add(Files.readString(Path.of(f), StandardCharsets.UTF_8));
        }
        sources.addAll(List.of(VALID));
        sources.addAll(List.of(INVALID));
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", PY));
        for (String src : sources) {
            Path f = Files.createTempFile(tmp, "lit", ".py");
            Files.writeString(f, src, StandardCharsets.UTF_8);
            cmd.add(f.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join("\n", out));
        assertEquals(sources.size(), out.size(), String.join("\n", out));
        for (int i = 0; i < sources.size(); i++) {
            CPYTHON.put(sources.get(i), JSON.readTree(out.get(i)));
        }
    }

    static Stream<String> valid() {
        return Stream.of(VALID);
    }

    static Stream<String> invalid() {
        return Stream.of(INVALID);
    }

    static Stream<String> manifests() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/manifests"))) {
            return s.map(Path::toString).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void realWorldManifestsParseLikeCPython(String file) throws Exception {
        compare(Files.readString(Path.of(file), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void trickyLiteralsMatchCPython(String literal) throws Exception {
        compare(literal);
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidLiteralsAreRefusedByBoth(String literal) throws Exception {
        JsonNode py = python(literal);
        assertEquals(true, py.has("__error__"), "CPython accepts " + literal + ": " + py);
        assertThrows(ManifestSyntaxException.class, () -> PyLiteralParser.parse(literal, "m.py"));
    }

    private static void compare(String source) throws Exception {
        JsonNode expected = python(source);
        JsonNode actual = JSON.valueToTree(conv(PyLiteralParser.parse(source, "m.py")));
        assertEquals(expected, actual, "source:\n" + source);
    }

    private static JsonNode python(String source) {
        return CPYTHON.get(source);
    }

    /** The Java value in the same JSON shape as the Python side's conv(). */
    private static Object conv(Object v) throws Exception {
        if (v instanceof Map<?, ?> m) {
            List<Object> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                entries.add(java.util.Arrays.asList(conv(e.getKey()), conv(e.getValue())));
            }
            return Map.of("__dict__", entries);
        }
        if (v instanceof Set<?> s) {
            List<String> items = new ArrayList<>();
            for (Object o : s) {
                items.add(pyDumps(JSON.valueToTree(conv(o))));
            }
            items.sort(null);
            return Map.of("__set__", items);
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            for (Object o : c) {
                out.add(conv(o));
            }
            return out;
        }
        if (v instanceof PyBytes b) {
            return Map.of("__bytes__", b.latin1());
        }
        if (v instanceof Long || v instanceof BigInteger) {
            return Map.of("__int__", v.toString());
        }
        return v;
    }

    /** json.dumps of a small node, in Python's default spacing (for sorting set items alike). */
    private static String pyDumps(JsonNode n) throws Exception {
        if (n.isObject()) {
            var it = n.fields();
            List<String> out = new ArrayList<>();
            while (it.hasNext()) {
                var e = it.next();
                out.add(JSON.writeValueAsString(e.getKey()) + ": " + pyDumps(e.getValue()));
            }
            return "{" + String.join(", ", out) + "}";
        }
        if (n.isArray()) {
            List<String> out = new ArrayList<>();
            for (JsonNode x : n) {
                out.add(pyDumps(x));
            }
            return "[" + String.join(", ", out) + "]";
        }
        return JSON.writeValueAsString(n);
    }
}
