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

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;

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
    /** Bump when the scan changes, so an older cache is not trusted. */
    private static final String CACHE_FORMAT = "source-facts 1";
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
        return derive(imports(sourceRoot, odooPackage), target);
    }

    /**
     * {@link #scan} with the import scan cached in {@code cacheFile}, keyed by {@code src.json}
     * (written by odoo:aggregate, it names the content of every aggregated tree): a build whose
     * sources did not move reads one small file instead of every {@code .py} again.
     */
    public static Result scan(Path sourceRoot, Path odooPackage, PythonTarget target, Path srcJson, Path cacheFile) {
        String key = null;
        if (srcJson != null && Files.isRegularFile(srcJson)) {
            try {
                key = Digests.sha256Hex(CACHE_FORMAT + "\0" + odooPackage + "\0" + Files.readString(srcJson));
            } catch (IOException e) {
                key = null; // unreadable: scan without the cache
            }
        }
        Map<String, Origin> found = key == null ? null : readCache(cacheFile, key);
        if (found == null) {
            found = imports(sourceRoot, odooPackage);
            if (key != null) {
                writeCache(cacheFile, key, found);
            }
        }
        return derive(found, target);
    }

    /** Where a module is first imported, and whether that is in Odoo's own {@code odoo/} package. */
    record Origin(String where, boolean core) {
    }

    /** The relevant modules imported unconditionally, each with its first origin (core preferred). */
    static Map<String, Origin> imports(Path sourceRoot, Path odooPackage) {
        Map<String, Origin> first = new TreeMap<>(); // files visited in name order
        if (sourceRoot == null || !Files.isDirectory(sourceRoot)) {
            return first;
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
                    Origin known = first.get(module);
                    if (known == null || core && !known.core()) {
                        first.put(module, new Origin(sourceRoot.relativize(file).toString().replace('\\', '/')
                                + ":" + line(text, m.start()), core));
                    }
                }
            }
        }
        return first;
    }

    private static Result derive(Map<String, Origin> found, PythonTarget target) {
        Map<String, String> first = new TreeMap<>();
        found.forEach((module, origin) -> first.put(module, origin.where()));
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
                        first.get(r.getKey()), found.get(r.getKey()).core()));
            }
        }
        return new Result(List.copyOf(needs), List.copyOf(missing));
    }

    /** One line a module: {@code module TAB core TAB origin}; the key first. Null when absent or stale. */
    private static Map<String, Origin> readCache(Path cacheFile, String key) {
        try {
            List<String> lines = Files.readAllLines(cacheFile, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(key)) {
                return null;
            }
            Map<String, Origin> found = new TreeMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", 3);
                if (f.length != 3) {
                    return null;
                }
                found.put(f[0], new Origin(f[2], Boolean.parseBoolean(f[1])));
            }
            return found;
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeCache(Path cacheFile, String key, Map<String, Origin> found) {
        StringBuilder b = new StringBuilder(key).append('\n');
        for (Map.Entry<String, Origin> e : found.entrySet()) {
            if (e.getValue().where().matches("(?s).*[\t\n\r].*")) {
                return; // a file name the line format cannot hold: do not cache
            }
            b.append(e.getKey()).append('\t').append(e.getValue().core()).append('\t').append(e.getValue().where())
                    .append('\n');
        }
        AtomicFiles.writeStringIfChanged(cacheFile, b.toString());
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
