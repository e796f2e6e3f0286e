package dev.odooimage.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the locked sources say they need from the Python environment, read from their
 * unconditional imports (module-level {@code import x} / {@code from x import} at column 0:
 * they run whenever the module is imported; indented imports sit behind a {@code try} or in a
 * function and prove nothing).
 * <p>
 * Two kinds of facts, each proven on real Odoo sources:
 * <ul>
 * <li>a module that left a package the resolution would otherwise pick:
 * {@code pkg_resources} (Odoo 16 and 17 {@code odoo/modules/module.py}) is not in setuptools
 * 81 and later, so the sources need {@code setuptools<81} installed; {@code distutils} is not
 * in Python 3.12 and later, where setuptools provides it;</li>
 * <li>a standard library module the target Python no longer has ({@code cgi}: Odoo 16
 * {@code odoo/http.py}, removed in Python 3.13): the image could not start Odoo. In the Odoo
 * package itself this is an error; in addons (imported only when installed) a warning.</li>
 * </ul>
 */
public final class SourceFacts {
    private static final Pattern IMPORT = Pattern.compile(
            "^(?:import\\s+([\\w.]+(?:\\s+as\\s+\\w+)?(?:\\s*,\\s*[\\w.]+(?:\\s+as\\s+\\w+)?)*)"
                    + "|from\\s+([\\w.]+)\\s+import\\b|__import__\\(\\s*['\"]([\\w.]+)['\"])",
            Pattern.MULTILINE);

    /** A standard library module CPython removed: the minor version that removed it, a backport or null. */
    private record Removed(String since, String backport) {
    }

    private static final Map<String, Removed> REMOVED = new TreeMap<>();

    static {
        for (String m : List.of("asynchat", "asyncore", "imp", "smtpd")) {
            REMOVED.put(m, new Removed("3.12", null));
        }
        REMOVED.put("asyncore", new Removed("3.12", "pyasyncore"));
        REMOVED.put("asynchat", new Removed("3.12", "pyasynchat"));
        for (String m : List.of("aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr", "mailcap", "msilib",
                "nis", "nntplib", "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau", "telnetlib", "uu", "xdrlib",
                "lib2to3")) {
            REMOVED.put(m, new Removed("3.13", null)); // PEP 594; lib2to3 (deprecated by PEP 617) went with them
        }
        REMOVED.put("cgi", new Removed("3.13", "legacy-cgi"));
        REMOVED.put("cgitb", new Removed("3.13", "legacy-cgi"));
        REMOVED.put("imghdr", new Removed("3.13", "standard-imghdr"));
    }

    /**
     * A requirement the sources need.
     *
     * @param origin file:line of the first import, relative to the source root
     * @param why    for the report and the effective requirements
     */
    public record Need(Requirement requirement, String origin, String why) {
    }

    /**
     * A standard library module the target lacks.
     *
     * @param core true in the Odoo package (always imported), false in an addon
     */
    public record Missing(String module, String removedIn, String backport, String origin, boolean core) {
        public String message(PythonTarget target) {
            return origin + " imports " + module + ", which Python " + removedIn + " removed from the standard"
                    + " library: the image's Python " + target.minorVersion() + " cannot import "
                    + (core ? "Odoo" : "this addon") + ". Fix: an older Python (odoo.python.version and a matching"
                    + " base image)" + (backport == null ? "" : ", or add the backport '" + backport
                    + "' to requirements.in");
        }
    }

    public record Result(List<Need> needs, List<Missing> missing) {
    }

    private SourceFacts() {
    }

    /**
     * Scans every {@code .py} under {@code sourceRoot} (the aggregated sources).
     *
     * @param odooPackage the {@code odoo/} package of the Odoo aggregate (its findings are
     *                    "core"); may be null
     */
    public static Result scan(Path sourceRoot, Path odooPackage, PythonTarget target) {
        Map<String, String> first = new TreeMap<>(); // module -> first origin (files visited in name order)
        Map<String, Boolean> inCore = new TreeMap<>();
        if (sourceRoot == null || !Files.isDirectory(sourceRoot)) {
            return new Result(List.of(), List.of());
        }
        List<Path> files = pythonFiles(sourceRoot);
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (java.nio.charset.CharacterCodingException e) {
                continue; // not UTF-8 Python 3 source: Odoo would not import it either
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            boolean core = odooPackage != null && file.startsWith(odooPackage);
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String names = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                for (String part : names.split(",")) {
                    String name = part.trim().split("\\s+")[0];
                    if (name.startsWith(".")) {
                        continue; // relative import: a module of the sources themselves
                    }
                    String module = name.split("\\.")[0];
                    if (!relevant(module)) {
                        continue;
                    }
                    String origin = sourceRoot.relativize(file).toString().replace('\\', '/') + ":" + line(text,
                            m.start());
                    if (!first.containsKey(module) || core && !inCore.get(module)) {
                        first.put(module, origin);
                        inCore.put(module, core);
                    }
                }
            }
        }
        List<Need> needs = new ArrayList<>();
        List<Missing> missing = new ArrayList<>();
        boolean from312 = atLeast(target, "3.12");
        boolean distutils = from312 && first.containsKey("distutils");
        if (first.containsKey("pkg_resources")) {
            needs.add(new Need(Requirement.parse("setuptools<81"), first.get("pkg_resources"),
                    "imports pkg_resources, which setuptools 81 and later no longer ship"
                            + (distutils ? "; " + first.get("distutils") + " imports distutils, which Python 3.12"
                                    + " removed and setuptools provides" : "")));
        } else if (distutils) {
            needs.add(new Need(Requirement.parse("setuptools"), first.get("distutils"),
                    "imports distutils, which Python 3.12 removed; setuptools provides it"));
        }
        for (Map.Entry<String, Removed> r : REMOVED.entrySet()) {
            if (first.containsKey(r.getKey()) && atLeast(target, r.getValue().since())) {
                missing.add(new Missing(r.getKey(), r.getValue().since(), r.getValue().backport(),
                        first.get(r.getKey()), inCore.get(r.getKey())));
            }
        }
        return new Result(List.copyOf(needs), List.copyOf(missing));
    }

    private static boolean relevant(String module) {
        return module.equals("pkg_resources") || module.equals("distutils") || REMOVED.containsKey(module);
    }

    private static int line(String text, int offset) {
        int n = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    static boolean atLeast(PythonTarget target, String minor) {
        String[] t = target.minorVersion().split("\\.");
        String[] v = minor.split("\\.");
        int c = Integer.compare(Integer.parseInt(t[0]), Integer.parseInt(v[0]));
        return c > 0 || c == 0 && Integer.parseInt(t[1]) >= Integer.parseInt(v[1]);
    }

    private static List<Path> pythonFiles(Path root) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String n = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    // tests run only in test mode; dot directories and node_modules hold no addon code
                    return n.startsWith(".") && !dir.equals(root) || n.equals("node_modules") || n.equals("tests")
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String n = file.getFileName().toString();
                    // setup.py is packaging, never imported by Odoo
                    if (attrs.isRegularFile() && n.endsWith(".py") && !n.equals("setup.py")) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        files.sort(null);
        return files;
    }
}
