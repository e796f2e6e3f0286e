package dev.odooimage.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.odooimage.util.DifferentialOracle;

class DebVersionTest {

    @Test
    void ordersAsDebVersionSeven() {
        assertTrue(v("1.0~rc1").compareTo(v("1.0")) < 0, "~ sorts before the end");
        assertTrue(v("1.0").compareTo(v("1.0+b1")) < 0);
        assertTrue(v("1:0.1").compareTo(v("2.0")) > 0, "epoch wins");
        assertTrue(v("1.10").compareTo(v("1.9")) > 0, "digits compare numerically");
        assertTrue(v("1.0a").compareTo(v("1.0+")) < 0, "letters before other symbols");
        assertEquals(0, v("1.0").compareTo(v("1.00")));
        assertEquals(0, v("1.0").compareTo(v("1.0-0")));
        assertEquals(v("0:1.2"), v("1.2"));
    }

    @Test
    void refusesWhatDpkgRefuses() {
        assertThrows(IllegalArgumentException.class, () -> v("a1.0"));
        assertThrows(IllegalArgumentException.class, () -> v("x:1.0"));
        assertThrows(IllegalArgumentException.class, () -> v("1.0_1"));
        assertThrows(IllegalArgumentException.class, () -> v(""));
    }

    /** Every pair of tricky and real (base image) versions, ordered by us and by dpkg itself. */
    @Test
    void agreesWithDpkgCompareVersions() throws Exception {
        Path dpkg = Path.of("/usr/bin/dpkg");
        DifferentialOracle.require(Files.isExecutable(dpkg), "no /usr/bin/dpkg to compare with");
        Set<String> versions = new LinkedHashSet<>(List.of("1.0", "1.0~rc1", "1.0~~", "1.0~", "1.0+b1", "1.0-1",
                "1.0-1~bpo1", "1:0.9", "2:0", "0:1.0", "1.00", "1.0a", "1.0+", "1.0.", "1.0-0", "1.2.3-4+deb12u1",
                "1.2.3-4+deb12u2", "1.2.10", "1.2.9", "10", "9", "1.0-a", "1.0-1a", "1.0-1.1", "2.36-9+deb12u10",
                "2.36-9+deb12u9", "3.0.11-1~deb12u2", "15.8-0+deb12u1", "15.13-0+deb12u1", "0.12.6-2+b1",
                "7.88.1-10+deb12u12", "1:2.3.4", "1.0+dfsg-1", "1.0~dfsg-1", "1.0~a", "1.0~b"));
        try (InputStream in = getClass().getResourceAsStream("bookworm-minbase-python3.status")) {
            for (Deb822 p : Deb822.parseAll(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                versions.add(p.require("Version"));
            }
        }
        List<String> list = new ArrayList<>(versions);
        // dpkg exits 0 when the relation holds: ask "lt" and "eq" per pair, in one shell to keep it fast.
        StringBuilder script = new StringBuilder();
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < list.size(); i += 4) {
            for (int j = 0; j < list.size(); j += 3) {
                String a = list.get(i);
                String b = list.get(j);
                pairs.add(new String[] {a, b});
                script.append("dpkg --compare-versions '").append(a).append("' lt '").append(b)
                        .append("' && echo lt || { dpkg --compare-versions '").append(a).append("' eq '")
                        .append(b).append("' && echo eq || echo gt; }\n");
            }
        }
        Process p = new ProcessBuilder("sh", "-s").redirectErrorStream(true).start();
        p.getOutputStream().write(script.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        List<String> answers = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.waitFor());
        assertEquals(pairs.size(), answers.size());
        for (int k = 0; k < pairs.size(); k++) {
            int ours = Integer.signum(v(pairs.get(k)[0]).compareTo(v(pairs.get(k)[1])));
            String expected = answers.get(k);
            String got = ours < 0 ? "lt" : ours == 0 ? "eq" : "gt";
            assertEquals(expected, got, pairs.get(k)[0] + " vs " + pairs.get(k)[1]);
        }
        assertTrue(pairs.size() > 500, "compared " + pairs.size() + " pairs");
    }

    private static DebVersion v(String s) {
        return DebVersion.parse(s);
    }

}
