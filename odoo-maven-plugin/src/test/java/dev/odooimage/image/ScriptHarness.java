package dev.odooimage.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shipped runtime scripts with the host's Python (3.11, with psycopg2 from
 * Debian's python3-psycopg2) against a stand-in odoo-bin that records how it was called:
 * argv, environment, and the config file it was given (text and modes).
 */
final class ScriptHarness {
    static final String PYTHON = System.getProperty("odoo.test.python", "/usr/bin/python3");
    static final String FAKE_ODOO = """
            import json, os, stat, sys
            record = {"argv": sys.argv[1:], "env": dict(os.environ)}
            args = sys.argv[1:]
            if "-c" in args:
                path = args[args.index("-c") + 1]
                record["config"] = open(path).read()
                record["config_mode"] = oct(stat.S_IMODE(os.stat(path).st_mode))
                record["dir_mode"] = oct(stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode))
            with open(os.environ["FAKE_ODOO_DUMP"], "w") as f:
                json.dump(record, f)
            print("fake odoo ran")
            sys.exit(int(os.environ.get("FAKE_ODOO_EXIT", "0")))
            """;

    final Path root;
    final Path scripts;
    final Path odooBin;
    final Path dump;
    final Path runtimeDir;
    final Path imageAddonsPath;
    /** Put before the Python command: another uid ({@link #asUid}), a PID namespace, ... */
    final List<String> prefix = new ArrayList<>();
    /** More environment for every run (e.g. where the real Odoo core is). */
    final Map<String, String> extraEnv = new LinkedHashMap<>();

    ScriptHarness(Path root) throws IOException {
        this.root = root;
        this.scripts = RuntimeScripts.extract(root.resolve("bin"));
        this.odooBin = root.resolve("opt/odoo/src/odoo/odoo-bin");
        Files.createDirectories(odooBin.getParent());
        Files.writeString(odooBin, FAKE_ODOO);
        this.dump = root.resolve("odoo-call.json");
        this.runtimeDir = root.resolve("run/odoo");
        this.imageAddonsPath = root.resolve("etc/odoo/addons_path");
        Files.createDirectories(imageAddonsPath.getParent());
        Files.writeString(imageAddonsPath, "/opt/odoo/src/odoo/odoo/addons,/opt/odoo/src/odoo/addons\n");
    }

    /** A file with the given content and 0600 (a mounted secret). */
    Path file(String name, String content) throws IOException {
        Path f = root.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    /**
     * Runs the scripts as {@code uid} (same gid, no supplementary groups; a uid without a passwd
     * entry when none exists), owning the whole harness tree so that it can read its files.
     */
    void asUid(int uid) throws IOException, InterruptedException {
        Process chown = new ProcessBuilder("chown", "-R", uid + ":" + uid, root.toString()).inheritIO().start();
        if (chown.waitFor() != 0) {
            throw new IOException("chown failed");
        }
        prefix.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
    }

    /** Uses the real Odoo 16.0 option parser and config reader as odoo-bin ({@link RealOdooConfig}). */
    void useRealOdoo(Path core) throws IOException {
        Files.writeString(odooBin, RealOdooConfig.STAND_IN);
        extraEnv.put("REAL_ODOO_CORE", core.toString());
    }

    Result run(String script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Process p = start(script, env, args);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(script + " did not finish");
        }
        return result(p);
    }

    /** Starts a script without waiting; {@link #result} reads what it did once it ended. */
    Process start(String script, Map<String, String> env, String... args) throws IOException {
        Files.deleteIfExists(dump);
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(PYTHON, scripts.resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> e = pb.environment();
        e.clear(); // nothing from the build host's environment
        e.put("PATH", "/usr/bin:/bin");
        e.put("USER", "odoo");
        e.put("HOME", root.toString());
        e.put("ODOO_BIN", odooBin.toString());
        e.put("ODOO_RUNTIME_DIR", runtimeDir.toString());
        e.put("ODOO_IMAGE_ADDONS_PATH_FILE", imageAddonsPath.toString());
        e.put("FAKE_ODOO_DUMP", dump.toString());
        e.putAll(extraEnv);
        e.putAll(env);
        pb.redirectOutput(root.resolve("stdout.txt").toFile()).redirectError(stderrFile().toFile());
        return pb.start();
    }

    Path stderrFile() {
        return root.resolve("stderr.txt");
    }

    Result result(Process p) throws IOException {
        Path out = root.resolve("stdout.txt");
        Path err = stderrFile();
        Map<String, Object> call = null;
        if (Files.exists(dump)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = new com.fasterxml.jackson.databind.ObjectMapper().readValue(dump.toFile(), Map.class);
            call = m;
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err), call);
    }

    static Map<String, String> env(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** What a script run did: exit code, output, and the stand-in Odoo's record (or null). */
    record Result(int exit, String stdout, String stderr, Map<String, Object> odoo) {
        @SuppressWarnings("unchecked")
        List<String> argv() {
            return (List<String>) odoo.get("argv");
        }

        @SuppressWarnings("unchecked")
        Map<String, String> odooEnv() {
            return (Map<String, String>) odoo.get("env");
        }

        String config() {
            return (String) odoo.get("config");
        }

        String all() {
            return stdout + stderr + (odoo == null ? "" : odoo.toString());
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }
}
