package dev.odooimage.python;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.odooimage.util.OdooImageException;

/**
 * The interpreter the venv is built for: the one in the image, not the build host's.
 *
 * @param version     {@code 3.11} or {@code 3.11.2}
 * @param interpreter absolute path of the interpreter in the image, e.g. {@code /usr/bin/python3.11}
 * @param arch        machine, e.g. {@code x86_64} or {@code aarch64}
 * @param glibc       glibc version of the image, e.g. {@code 2.36}
 */
public record PythonTarget(String version, String interpreter, String arch, String glibc) {
    private static final Pattern VERSION = Pattern.compile("3\\.[0-9]{1,2}(\\.[0-9]{1,3})?");
    private static final Pattern GLIBC = Pattern.compile("2\\.[0-9]{1,3}");
    private static final Set<String> ARCHES = Set.of("x86_64", "aarch64", "i686", "armv7l", "ppc64le", "s390x");
    /** packaging.tags' legacy manylinux aliases. */
    private static final Map<Integer, String> LEGACY = Map.of(17, "manylinux2014", 12, "manylinux2010", 5,
            "manylinux1");

    public PythonTarget {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new OdooImageException("odoo.python.version: '" + version
                    + "' is not a CPython 3 version like 3.11 or 3.11.2");
        }
        if (interpreter == null || !interpreter.startsWith("/") || interpreter.contains(" ")) {
            throw new OdooImageException("odoo.python.interpreter: '" + interpreter
                    + "' must be the absolute path of the interpreter in the image, e.g. /usr/bin/python3.11");
        }
        if (arch == null || !ARCHES.contains(arch)) {
            throw new OdooImageException("odoo.python.platform: '" + arch + "' is not one of " + ARCHES);
        }
        if (glibc == null || !GLIBC.matcher(glibc).matches()) {
            throw new OdooImageException("odoo.python.glibc: '" + glibc
                    + "' is not a glibc version like 2.36 (musl images are not supported)");
        }
    }

    /** {@code 3.11}. */
    public String minorVersion() {
        String[] p = version.split("\\.");
        return p[0] + "." + p[1];
    }

    /** {@code 3.11.2}, or {@code 3.11.0} when only the minor version is declared. */
    public String fullVersion() {
        return version.split("\\.").length == 3 ? version : version + ".0";
    }

    /** {@code 311}. */
    public String nodot() {
        return minorVersion().replace(".", "");
    }

    /** The CPython ABI tag, {@code cp311}. */
    public String abi() {
        return "cp" + nodot();
    }

    /** Directory of the interpreter in the image: pyvenv.cfg's {@code home}. */
    public String home() {
        return interpreter.substring(0, interpreter.lastIndexOf('/')).isEmpty() ? "/"
                : interpreter.substring(0, interpreter.lastIndexOf('/'));
    }

    /**
     * Platform tags the target accepts, best first, as {@code packaging.tags} computes them for
     * glibc: {@code manylinux_2_X_arch} from the target's glibc down to the oldest glibc the
     * architecture has, with the legacy manylinux2014/2010/1 aliases. {@code linux_arch} is
     * deliberately absent: such wheels were built for one machine, not for a glibc baseline.
     */
    public List<String> platformTags() {
        int max = Integer.parseInt(glibc.split("\\.")[1]);
        int min = "x86_64".equals(arch) || "i686".equals(arch) ? 5 : 17;
        List<String> tags = new ArrayList<>();
        for (int minor = max; minor >= min; minor--) {
            tags.add("manylinux_2_" + minor + "_" + arch);
            if (LEGACY.containsKey(minor)) {
                tags.add(LEGACY.get(minor) + "_" + arch);
            }
        }
        return tags;
    }

    /** Every wheel tag triple ({@code python-abi-platform}) the target interpreter installs. */
    public Set<String> supportedTags() {
        Set<String> tags = new LinkedHashSet<>();
        List<String> plats = platformTags();
        int minor = Integer.parseInt(minorVersion().split("\\.")[1]);
        String cp = abi();
        for (String p : plats) {
            tags.add(cp + "-" + cp + "-" + p);
        }
        for (String p : plats) {
            tags.add(cp + "-abi3-" + p);
        }
        for (String p : plats) {
            tags.add(cp + "-none-" + p);
        }
        for (int m = minor - 1; m >= 2; m--) {
            for (String p : plats) {
                tags.add("cp3" + m + "-abi3-" + p);
            }
        }
        for (String p : plats) {
            tags.add("py3" + minor + "-none-" + p);
            tags.add("py3-none-" + p);
            for (int m = minor - 1; m >= 0; m--) {
                tags.add("py3" + m + "-none-" + p);
            }
        }
        tags.add(cp + "-none-any");
        tags.add("py3" + minor + "-none-any");
        tags.add("py3-none-any");
        for (int m = minor - 1; m >= 0; m--) {
            tags.add("py3" + m + "-none-any");
        }
        return tags;
    }

    /**
     * What resolution depends on: implementation, version, OS, architecture, glibc. Recorded in
     * the lock and part of its input digest; the interpreter's path is not (moving it does not
     * change which wheels fit).
     */
    public String resolutionKey() {
        return "cpython " + version + " linux " + arch + " glibc " + glibc;
    }

    /** One line for reports and logs. */
    public String describe() {
        return "cpython " + version + " " + interpreter + " linux " + arch + " glibc " + glibc;
    }
}
