package dev.odooimage.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A client project with fake Odoo sources, settings pointing at a {@link TestIndex}, and a private cache. */
final class PythonFixture {
    /** The private pip is bootstrapped once per module build (from PyPI) and shared by the tests. */
    static final Path TOOL_ROOT = Path.of(System.getProperty("basedir", "."), "target", "pip-tool").toAbsolutePath();
    static final String PIP_VERSION = System.getProperty("odoo.test.pipVersion", "25.3");
    static final PythonTarget PY311 = new PythonTarget("3.11", "/usr/bin/python3.11", "x86_64", "2.36");

    final Path root;
    final Path project;
    final TestIndex index;
    final List<String> logs = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    Path cache;

    PythonFixture(Path root, TestIndex index) throws IOException {
        this.root = root;
        this.index = index;
        this.project = Files.createDirectories(root.resolve("project"));
        this.cache = root.resolve("cache");
        write("target/odoo/src/odoo/odoo-bin", "#!/usr/bin/env python3\n");
    }

    void write(String rel, String... lines) throws IOException {
        Path p = project.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, lines.length == 0 ? "" : String.join("\n", lines) + "\n");
    }

    PythonProject projectFiles() {
        return new PythonProject(project, project.resolve("target/odoo/src"), null,
                project.resolve("requirements.in"), project.resolve("requirements-constraints.in"),
                project.resolve("requirements-overrides.in"), project.resolve("requirements.lock.txt"),
                project.resolve("target/odoo"));
    }

    PythonSettings settings(PythonTarget target, boolean offline) {
        return settings(target, offline, "/opt/odoo/venv");
    }

    PythonSettings settings(PythonTarget target, boolean offline, String venvPath) {
        return PythonSettings.builder().target(target).indexUrl(index.url()).toolIndexUrl("https://pypi.org/simple")
                .pipVersion(PIP_VERSION).hostPython("/usr/bin/python3").cache(new ArtifactCache(cache))
                .toolRoot(TOOL_ROOT).wheelhouse(project.resolve("wheelhouse")).venvPath(venvPath).offline(offline)
                .build();
    }

    PythonLocker.Outcome lock(PythonTarget target) {
        return new PythonLocker(settings(target, false), logs::add).lock(projectFiles(), warnings::add);
    }

    PythonEnvBuilder.Result env(PythonTarget target, boolean offline) {
        return env(settings(target, offline));
    }

    PythonEnvBuilder.Result env(PythonSettings s) {
        NormalisedInputs n = PythonInputs.prepare(projectFiles(), s.target(), warnings::add);
        return new PythonEnvBuilder(s, logs::add, warnings::add).build(projectFiles(), n);
    }

    String lockText() throws IOException {
        return Files.readString(project.resolve("requirements.lock.txt"));
    }

    /**
     * The package set used by most tests: dependencies with markers and extras, a native
     * package with wheels for several platforms and Pythons, a pure sdist, a compiled sdist.
     */
    static void publishStandardSet(TestIndex ix) throws IOException {
        ix.wheel("alpha", "1.0", "py3-none-any").requires("beta>=1.0", "winonly ; sys_platform == \"win32\"",
                "gamma ; extra == \"fast\"").publish();
        ix.wheel("beta", "1.0", "py3-none-any").publish();
        ix.wheel("beta", "2.0", "py3-none-any").publish();
        ix.wheel("gamma", "1.0", "py2.py3-none-any").publish();
        ix.wheel("winonly", "1.0", "py3-none-any").publish();
        ix.wheel("native", "1.0", "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64").publish();
        ix.wheel("native", "1.0", "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64").publish();
        ix.wheel("native", "1.0", "cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64").publish();
        ix.wheel("native", "1.0", "cp311-cp311-musllinux_1_1_x86_64").publish();
        ix.wheel("native", "1.0", "cp311-cp311-linux_x86_64").publish();
        ix.wheel("native", "1.1", "cp311-cp311-manylinux_2_38_x86_64").publish();
        ix.wheel("tool", "1.0", "py3-none-any")
                .entryPoints("[console_scripts]\ntool-cli = tool.cli:main\n[other]\nx = y:z\n")
                .file("tool/cli.py", "import sys\ndef main():\n    print('tool-cli', sys.prefix)\n    return 0\n")
                .file("tool-1.0.data/scripts/tool-legacy", "#!python\nimport sys\nprint('legacy', sys.prefix)\n")
                .file("tool-1.0.data/data/share/tool/readme.txt", "data file\n")
                .file("tool-1.0.data/headers/tool.h", "/* header */\n").publish();
        ix.sdist("purepkg", "1.0", false);
        ix.sdist("compiledpkg", "1.0", true);
    }

    static final String[] STANDARD_ODOO_REQUIREMENTS = {
        "alpha[fast]==1.0",
        "native>=1.0",
        "purepkg==1.0 ; python_version >= '3.10'",
        "compiledpkg==1.0 ; python_version < '3.8'",
        "tool==1.0",
    };
}
