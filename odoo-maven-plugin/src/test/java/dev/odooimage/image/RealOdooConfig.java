package dev.odooimage.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Odoo's own reading of odoo-bin's arguments and of the config file, from the real Odoo 16.0
 * core of the shared fixture ({@code ../shared/fixtures/odoo-16.0-core.tar.xz}, see its
 * README): where the outcome of a hostile input is decided by Odoo's parsing (optparse's prefix
 * matching of {@code --conf=}, {@code -cPATH}; {@code RawConfigParser}'s continuation lines and
 * sections), the tests ask Odoo's code, not a copy of it.
 *
 * <p>{@link #STAND_IN} is an odoo-bin that imports {@code odoo/tools/config.py} unchanged,
 * parses its argv with Odoo's option parser, loads the config file that parser selected with
 * Odoo's {@code configmanager.load()}, and records the result. Only {@code odoo/__init__.py}
 * (which needs Odoo's whole dependency set) and passlib (used to hash the master password, not to
 * parse) are replaced by empty stand-ins.
 */
final class RealOdooConfig {
    static final Path TARBALL = Path.of(System.getProperty("odoo.test.fixtures", "../../shared/fixtures"))
            .resolve("odoo-16.0-core.tar.xz");
    /** What the stand-in needs of the tree: the config module and what it imports. */
    static final List<String> MEMBERS = List.of("odoo-16.0-core/odoo/tools/config.py",
            "odoo-16.0-core/odoo/tools/appdirs.py", "odoo-16.0-core/odoo/release.py",
            "odoo-16.0-core/odoo/loglevels.py", "odoo-16.0-core/odoo/conf");
    static final Path CACHE = Path.of("target/test-cache/odoo-16.0-core-config");

    static final String STAND_IN = """
            import importlib, json, os, stat, sys, types
            core = os.environ["REAL_ODOO_CORE"]
            # The odoo package without its __init__ (it imports all of Odoo and its dependencies).
            for name, path in (("odoo", "odoo"), ("odoo.tools", "odoo/tools")):
                module = types.ModuleType(name)
                module.__path__ = [os.path.join(core, path)]
                sys.modules[name] = module
            passlib, context = types.ModuleType("passlib"), types.ModuleType("passlib.context")
            context.CryptContext = lambda *a, **k: None
            passlib.context = context
            sys.modules.update({"passlib": passlib, "passlib.context": context})
            cm = importlib.import_module("odoo.tools.config").config

            args = sys.argv[1:]
            record = {"argv": args, "env": dict(os.environ)}
            if args and not args[0].startswith("-"):
                args = args[1:]  # a subcommand, as odoo-bin's cli does
            def plain(value):
                return value if value is None or isinstance(value, (str, bool, int, float)) else str(value)
            try:
                opt, rest = cm.parser.parse_args(args)
                record.update({"config_file": opt.config, "db_name": opt.db_name, "rest": rest})
                if opt.config:
                    record["config"] = open(opt.config).read()
                    record["config_mode"] = oct(stat.S_IMODE(os.stat(opt.config).st_mode))
                    cm.rcfile = opt.config
                    try:
                        cm.load()
                        record["options"] = {k: plain(v) for k, v in cm.options.items()}
                        record["misc"] = {s: {k: plain(v) for k, v in o.items()} for s, o in cm.misc.items()}
                    except Exception as e:
                        record["load_error"] = type(e).__name__
            except SystemExit as e:
                record["parse_error"] = e.code
            with open(os.environ["FAKE_ODOO_DUMP"], "w") as f:
                json.dump(record, f)
            print("real odoo parser ran")
            """;

    private RealOdooConfig() {
    }

    /**
     * The unpacked core (once per build, in {@code target/test-cache}); skips the calling test
     * loudly when the fixture is not there (the project must build without ../shared).
     */
    static synchronized Path core() throws IOException, InterruptedException {
        Path dir = CACHE.toAbsolutePath();
        if (Files.isRegularFile(dir.resolve("odoo-16.0-core/odoo/tools/config.py"))) {
            return dir.resolve("odoo-16.0-core");
        }
        if (!Files.isRegularFile(TARBALL)) {
            String reason = "the real Odoo core " + TARBALL.toAbsolutePath() + " is absent (set -Dodoo.test.fixtures"
                    + " to its directory): Odoo's own parsing is NOT tested";
            String line = "!".repeat(78);
            System.err.println(line + "\n!! SKIPPED (" + caller() + "): " + reason + "\n" + line);
            Assumptions.abort(reason);
        }
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), "unpack-");
        List<String> cmd = new java.util.ArrayList<>(List.of("tar", "-xJf", TARBALL.toString(), "-C", tmp.toString()));
        cmd.addAll(MEMBERS);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("unpacking " + TARBALL + " failed: " + out);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        return dir.resolve("odoo-16.0-core");
    }

    private static String caller() {
        for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
            if (e.getClassName().endsWith("Test")) {
                return e.getClassName() + "." + e.getMethodName();
            }
        }
        return "?";
    }
}
