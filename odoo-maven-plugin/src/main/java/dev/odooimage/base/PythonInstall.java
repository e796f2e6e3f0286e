package dev.odooimage.base;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CPython interpreter installed in a base image: an executable {@code .../bin/python3.X} with
 * its standard library beside it ({@code .../lib/python3.X/os.py}).
 *
 * @param interpreter       canonical path, e.g. {@code /usr/bin/python3.11}, {@code /usr/local/bin/python3.12}
 * @param minorVersion      {@code 3.11}, from the file name (and the stdlib directory)
 * @param fullVersion       {@code 3.11.2} when the image tells it, else empty
 * @param fullVersionSource where the full version was read (patchlevel.h, dpkg, the image's env)
 * @param soabi             {@code cpython-311-x86_64-linux-gnu}, from the extension modules of
 *                          lib-dynload; empty when there are none
 * @param stdlib            {@code /usr/lib/python3.11}
 * @param aliases           other paths that lead to it ({@code /usr/bin/python3}, {@code /bin/python3.11}
 *                          on merged /usr), sorted
 */
public record PythonInstall(String interpreter, String minorVersion, String fullVersion, String fullVersionSource,
        String soabi, String stdlib, List<String> aliases) {
    private static final Pattern ALIAS = Pattern.compile("(/.*)?/bin/python[0-9.]*");

    public PythonInstall {
        aliases = List.copyOf(aliases);
    }

    /** Whether {@code path} names this interpreter (itself or an alias). */
    public boolean isNamedBy(String path) {
        return interpreter.equals(path) || aliases.contains(path);
    }

    private static final Pattern CANDIDATE = Pattern.compile("(/.*)?/bin/python(3\\.[0-9]+)");
    private static final Pattern PY_VERSION = Pattern.compile("#define\\s+PY_VERSION\\s+\"(3\\.[0-9]+\\.[0-9]+)");
    private static final Pattern EXTENSION = Pattern.compile(".*\\.(cpython-[0-9]+[a-z]*-[^.]+)\\.so");

    /** Every interpreter of the image, by canonical path (symlinks and merged-/usr aliases count once). */
    public static List<PythonInstall> find(BaseImageFiles files, DpkgStatus dpkg, BaseImageConfig config) {
        Map<String, PythonInstall> found = new LinkedHashMap<>();
        for (BaseImageEntry e : files.find(CANDIDATE)) {
            Optional<String> real = files.realPath(e.path());
            Optional<BaseImageEntry> target = files.lookup(e.path());
            if (real.isEmpty() || target.isEmpty() || !target.get().isFile()) {
                continue;
            }
            Matcher m = CANDIDATE.matcher(e.path());
            m.matches();
            String minor = m.group(2);
            // prefix/bin/python3.X has its stdlib in prefix/lib/python3.X (the path's own prefix:
            // /usr/local/bin/python3.12 -> /usr/local/lib/python3.12)
            String prefix = m.group(1) == null ? "" : m.group(1);
            String stdlib = prefix + "/lib/python" + minor;
            if (!files.exists(stdlib + "/os.py") || found.containsKey(real.get())) {
                continue;
            }
            found.put(real.get(), describe(files, dpkg, config, real.get(), minor, prefix, stdlib));
        }
        return new ArrayList<>(found.values());
    }

    private static PythonInstall describe(BaseImageFiles files, DpkgStatus dpkg, BaseImageConfig config,
            String interpreter, String minor, String prefix, String stdlib) {
        String full = "";
        String source = "";
        String header = prefix + "/include/python" + minor + "/patchlevel.h";
        Optional<String> patchlevel = files.exists(header) ? files.readString(header) : Optional.empty();
        Matcher pv = PY_VERSION.matcher(patchlevel.orElse(""));
        Optional<DpkgStatus.Package> deb = dpkg.installed("python" + minor + "-minimal")
                .or(() -> dpkg.installed("libpython" + minor + "-minimal"));
        Optional<String> env = config.env("PYTHON_VERSION");
        if (pv.find() && pv.group(1).startsWith(minor + ".")) {
            full = pv.group(1);
            source = header;
        } else if (deb.isPresent() && prefix.equals("/usr")
                && deb.get().upstreamVersion().matches(Pattern.quote(minor) + "\\.[0-9]+")) {
            full = deb.get().upstreamVersion();
            source = "dpkg status: " + deb.get().name() + " " + deb.get().version();
        } else if (env.isPresent() && env.get().matches(Pattern.quote(minor) + "\\.[0-9]+")) {
            full = env.get();
            source = "image env PYTHON_VERSION";
        }
        String soabi = "";
        for (String name : files.list(stdlib + "/lib-dynload")) {
            Matcher m = EXTENSION.matcher(name);
            if (m.matches()) {
                soabi = m.group(1);
                break;
            }
        }
        return new PythonInstall(interpreter, minor, full, source, soabi, stdlib, aliases(files, interpreter));
    }

    private static List<String> aliases(BaseImageFiles files, String interpreter) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (BaseImageEntry e : files.find(ALIAS)) {
            if (!e.path().equals(interpreter) && files.realPath(e.path()).orElse("").equals(interpreter)) {
                out.add(e.path());
            }
        }
        // merged /usr: /bin -> usr/bin makes /bin/python3.11 a name of /usr/bin/python3.11 too
        for (String top : files.list("/")) {
            String dir = "/" + top;
            Optional<String> real = files.realPath(dir);
            if (files.isSymlink(dir) && real.isPresent() && !real.get().equals(dir)) {
                for (String p : new ArrayList<>(out.isEmpty() ? List.of(interpreter) : concat(out, interpreter))) {
                    if (p.startsWith(real.get() + "/")) {
                        out.add(dir + p.substring(real.get().length()));
                    }
                }
            }
        }
        out.remove(interpreter);
        return new ArrayList<>(out);
    }

    private static List<String> concat(java.util.Collection<String> a, String b) {
        List<String> l = new ArrayList<>(a);
        l.add(b);
        return l;
    }

    /** {@code 3.11.2}, or {@code 3.11} when the full version is unknown. */
    public String version() {
        return fullVersion.isEmpty() ? minorVersion : fullVersion;
    }
}
