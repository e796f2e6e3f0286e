package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.ProcessRunner;

/**
 * The in-image dependency check, run by a real Python (-S: only the fake site directory)
 * on hand-made distribution metadata, with its built-in PEP 440/508 subset.
 */
class CheckDependenciesScriptTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;
    Path site;
    Path script;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "python3 at " + PYTHON);
        site = Files.createDirectories(tmp.resolve("site"));
        script = tmp.resolve("check_dependencies.py");
        try (InputStream in = SmokeRunner.class.getResourceAsStream("check_dependencies.py")) {
            Files.write(script, in.readAllBytes());
        }
    }

    private void dist(String name, String version, String... requires) throws Exception {
        StringBuilder m = new StringBuilder("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
        for (String r : requires) {
            m.append("Requires-Dist: ").append(r).append('\n');
        }
        Path d = Files.createDirectories(site.resolve(name.replace('-', '_') + "-" + version + ".dist-info"));
        Files.writeString(d.resolve("METADATA"), m);
    }

    private ProcessRunner.Result run() {
        return ProcessRunner.run(List.of(PYTHON.toString(), "-S", script.toString()), Duration.ofMinutes(1),
                Map.of("PYTHONPATH", site.toString(), "ODOO_SMOKE_BUILTIN_MARKERS", "1"), null);
    }

    @Test
    void consistentSetPasses() throws Exception {
        dist("Werkzeug", "2.0.2", "MarkupSafe>=2.0", "watchdog ; extra == \"watchdog\"");
        dist("markupsafe", "2.1.5");
        dist("lxml", "5.2.1", "cssselect>=0.7 ; extra == 'cssselect'");
        dist("old", "1.0", "enum34 ; python_version < \"3.4\"", "typing (>=3.5) ; python_version<'3.5'");
        dist("pkg-a", "3.0.0rc1", "pkg_b~=1.4.2", "pkg-c!=2.*,>=1");
        dist("pkg_b", "1.4.9");
        dist("pkg.c", "3.0.post1");
        ProcessRunner.Result r = run();
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("checked 7 distributions (builtin markers)"), r.output());
    }

    @Test
    void missingWrongAndExtraRequirementsAreReported() throws Exception {
        dist("requests", "2.31.0", "urllib3<3,>=1.21.1", "idna<4,>=2.5", "PySocks!=1.5.7,>=1.5.6 ; extra == 'socks'");
        dist("urllib3", "3.0.1");
        dist("app", "1.0", "requests[socks]>=2", "pkg-b~=1.4.2");
        dist("pkg-b", "1.5.0");
        ProcessRunner.Result r = run();
        assertEquals(1, r.exitCode(), r.output());
        List<String> lines = r.output().lines().filter(l -> !l.startsWith("checked")).toList();
        assertEquals(List.of(
                "app 1.0 requires pkg-b~=1.4.2, but pkg-b 1.5.0 is installed",
                "requests 2.31.0 requires PySocks!=1.5.7,>=1.5.6 ; extra == 'socks', which is not installed",
                "requests 2.31.0 requires idna<4,>=2.5, which is not installed",
                "requests 2.31.0 requires urllib3<3,>=1.21.1, but urllib3 3.0.1 is installed"), lines);
    }
}
