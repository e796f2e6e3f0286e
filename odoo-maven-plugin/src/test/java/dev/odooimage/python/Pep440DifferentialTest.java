package dev.odooimage.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.util.DifferentialOracle;

/**
 * {@link Pep440Version} ordering and {@link VersionSpecifier} against the real
 * {@code packaging} library (pip's vendored copy on the host, as {@link MarkerTest}):
 * {@code Specifier(s).contains(v, prereleases=True)}, what {@code pip check} asks.
 */
class Pep440DifferentialTest {
    static final List<String> VERSIONS = List.of("1.0", "1.0.0", "1.0.post1", "1.0.post1.dev2", "1.0rc1", "1.0a1",
            "1.0b2", "1.0.dev0", "1.0a1.dev1", "1.0+local", "1.0+local.7", "1.0+local.10", "1.0+7", "1.0+abc.5",
            "1.0.post1+loc", "0.9", "0.9.post3", "1.1.dev1", "1.1", "2.0", "2.0rc1", "2.0.dev3", "2.0.post1",
            "1!0.5", "1.0.1", "2", "2.0.0a1", "3.0", "10.0", "1.0-1", "1.0_rc_2", "v1.0");
    static final List<String> SPECS = List.of(">1.0", "<2.0", ">=1.0", "<=2.0", "==1.0", "!=1.0", "~=1.0",
            ">1.0.post1", "<2.0rc1", ">1.0rc1", "<1.0", "==1.0+local", "!=1.0+local", "==1.*", "!=2.*", "~=2.0.0",
            ">=1!0", "===1.0", "<2.0.post1", ">0.9.post3");

    @Test
    void exclusiveOrderingOfPep440() {
        // The cases, without python: what VenvCheck got wrong.
        assertEquals(false, VersionSpecifier.tryContains(">", "1.0", "1.0.post1"));
        assertEquals(false, VersionSpecifier.tryContains("<", "2.0", "2.0rc1"));
        assertEquals(true, VersionSpecifier.tryContains(">", "1.0", "1.0.1"));
        assertEquals(true, VersionSpecifier.tryContains("<", "2.0rc2", "2.0rc1"));
    }

    @Test
    void agreesWithPackaging(@TempDir Path tmp) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        DifferentialOracle.require(Files.isExecutable(python), "no /usr/bin/python3 to compare with");
        String script = "import json,sys\n"
                + "try:\n from packaging.specifiers import Specifier\n from packaging.version import Version\n"
                + "except ImportError:\n from pip._vendor.packaging.specifiers import Specifier\n"
                + " from pip._vendor.packaging.version import Version\n"
                + "vs=json.loads(sys.argv[1]); ss=json.loads(sys.argv[2])\n"
                + "print(json.dumps([str(Version(v)) for v in sorted(vs, key=lambda v: (Version(v), vs.index(v)))]))\n"
                + "print(json.dumps([[s, v, Specifier(s).contains(v, prereleases=True)] for s in ss for v in vs]))\n";
        Path file = tmp.resolve("p.py");
        Files.writeString(file, script);
        ObjectMapper om = new ObjectMapper();
        Process p = new ProcessBuilder(python.toString(), "-I", file.toString(), om.writeValueAsString(VERSIONS),
                om.writeValueAsString(SPECS)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        DifferentialOracle.require(p.waitFor() == 0 || !out.contains("No module named"), "no packaging: " + out);
        assertEquals(0, p.exitValue(), out);
        String[] lines = out.trim().split("\n");

        List<String> sorted = new ArrayList<>(VERSIONS);
        sorted.sort(Comparator.comparing((String v) -> Pep440Version.parseOrNull(v)).thenComparing(VERSIONS::indexOf));
        List<String> expectedOrder = om.readValue(lines[0], om.getTypeFactory().constructCollectionType(List.class,
                String.class));
        List<String> ours = sorted.stream().map(v -> normal(om, v)).toList();
        assertEquals(expectedOrder, ours, "ordering");

        List<List<Object>> verdicts = om.readValue(lines[1], om.getTypeFactory().constructCollectionType(List.class,
                List.class));
        List<String> disagree = new ArrayList<>();
        for (List<Object> row : verdicts) {
            String spec = (String) row.get(0);
            String v = (String) row.get(1);
            int i = spec.startsWith("===") ? 3 : Character.isLetterOrDigit(spec.charAt(1)) ? 1 : 2;
            Boolean got = VersionSpecifier.tryContains(spec.substring(0, i), spec.substring(i), v);
            if (!row.get(2).equals(got)) {
                disagree.add(spec + " contains " + v + ": packaging " + row.get(2) + ", ours " + got);
            }
        }
        assertEquals(List.of(), disagree);
    }

    /** The input as packaging prints it, for the order comparison (the inputs' index keeps ties stable). */
    private static String normal(ObjectMapper om, String v) {
        return NORMAL.getOrDefault(v, v);
    }

    private static final java.util.Map<String, String> NORMAL = java.util.Map.of("1.0-1", "1.0.post1", "1.0_rc_2",
            "1.0rc2", "v1.0", "1.0");
}
