package dev.odooimage.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.DifferentialOracle;

class MarkerTest {
    private static final PythonTarget PY312_ARM = new PythonTarget("3.12.4", "/usr/local/bin/python3.12", "aarch64",
            "2.31");

    static final List<String> MARKERS = List.of(
            "python_version > '3.10'",
            "python_version <= '3.10'",
            "python_version >= \"3.12\" and sys_platform != 'win32'",
            "sys_platform == 'win32' or python_version < '3.9'",
            "(python_version == '3.11' or python_version == '3.12') and platform_machine == 'aarch64'",
            "platform_machine != 'x86_64'",
            "python_full_version >= '3.12.1'",
            "python_full_version < '3.12.4'",
            "python_version ~= '3.10'",
            "python_version == '3.*'",
            "python_version != '3.12.*'",
            "'linux' in sys_platform",
            "'arm' not in platform_machine",
            "implementation_name == 'cpython' and os_name == 'posix'",
            "platform_python_implementation == 'PyPy'",
            "platform_system == 'Linux'",
            "python_version > '3.9.0'",
            "python_version < \"3.7\" or python_version>='3.12'",
            "extra == 'socks'",
            "os.name == 'posix'");

    @Test
    void evaluatesForTargetNotHost() {
        Map<String, String> env = MarkerEnvironment.of(PY312_ARM, "");
        assertTrue(Marker.parse("python_version > '3.10'").evaluate(env));
        assertFalse(Marker.parse("python_version <= '3.10'").evaluate(env));
        assertTrue(Marker.parse("platform_machine == 'aarch64'").evaluate(env));
        // "3.12" vs "3.9": a string comparison would say 3.12 < 3.9; versions say otherwise.
        assertTrue(Marker.parse("python_version > '3.9'").evaluate(env));
        assertTrue(Marker.parse("(sys_platform != 'win32' and python_version >= '3.12') or extra == 'x'")
                .evaluate(env));
        assertTrue(Marker.parse("extra == 'socks'").evaluate(MarkerEnvironment.of(PY312_ARM, "SOCKS")));
    }

    @Test
    void rejectsBadMarkers() {
        assertThrows(IllegalArgumentException.class, () -> Marker.parse("python_versio > '3'"));
        assertThrows(IllegalArgumentException.class, () -> Marker.parse("python_version >"));
        assertThrows(IllegalArgumentException.class, () -> Marker.parse("python_version > '3"));
        assertThrows(IllegalArgumentException.class, () -> Marker.parse("(python_version > '3'"));
    }

    /** Differential check against the real packaging library (pip's vendored copy on the host). */
    @Test
    void agreesWithPackaging(@TempDir Path tmp) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        DifferentialOracle.require(Files.isExecutable(python), "no /usr/bin/python3 to compare with");
        for (PythonTarget t : List.of(PY312_ARM, new PythonTarget("3.11", "/usr/bin/python3.11", "x86_64", "2.36"),
                new PythonTarget("3.8.10", "/usr/bin/python3.8", "x86_64", "2.31"))) {
            for (String extra : List.of("", "socks")) {
                Map<String, String> env = MarkerEnvironment.of(t, extra);
                List<String> expected = packagingVerdicts(python, tmp, env);
                List<String> actual = new ArrayList<>();
                for (String m : MARKERS) {
                    actual.add(String.valueOf(Marker.parse(m).evaluate(env)));
                }
                assertEquals(expected, actual, "target " + t.describe() + " extra '" + extra + "'");
            }
        }
    }

    private static List<String> packagingVerdicts(Path python, Path tmp, Map<String, String> env)
            throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("import json,sys\n"
                + "try:\n from packaging.markers import Marker\nexcept ImportError:\n"
                + " from pip._vendor.packaging.markers import Marker\n"
                + "env=json.loads(sys.argv[1])\nfor m in json.loads(sys.argv[2]):\n"
                + " print(str(Marker(m).evaluate(env)).lower())\n");
        Path file = tmp.resolve("m.py");
        Files.writeString(file, script);
        com.fasterxml.jackson.databind.ObjectMapper om = new com.fasterxml.jackson.databind.ObjectMapper();
        Process p = new ProcessBuilder(python.toString(), "-I", file.toString(), om.writeValueAsString(env),
                om.writeValueAsString(MARKERS)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return List.of(out.trim().split("\n"));
    }
}
