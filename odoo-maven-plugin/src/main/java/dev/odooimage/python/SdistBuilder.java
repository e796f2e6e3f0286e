package dev.odooimage.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * Builds packages published only as source distributions into wheels, once per sdist hash,
 * and accepts the result only when it is pure Python ({@code py3-none-any}, purelib, no native
 * libraries): such a wheel is right for any target. A package that compiles native code must
 * come as a wheel for the target instead (override or wheelhouse).
 */
public final class SdistBuilder {
    /**
     * Builds run with every compiler disabled: packages whose C extension is optional (rjsmin,
     * maxminddb, simplejson...) fall back to their pure Python build, which fits any target;
     * packages that need one fail and are reported as compiled.
     */
    static final java.util.Map<String, String> NO_COMPILERS = java.util.Map.of("CC", "/bin/false", "CXX",
            "/bin/false", "LDSHARED", "/bin/false", "LDCXXSHARED", "/bin/false", "CFLAGS", "", "CPPFLAGS", "");

    /** The sdist needs a compiler: it can only be built for the target, in the builder container. */
    public static final class NativeCodeException extends OdooImageException {
        private static final long serialVersionUID = 1L;

        NativeCodeException(String message) {
            super(message);
        }
    }

    private final PipTool pip;
    private final ArtifactCache cache;
    private final String indexUrl;
    private final String wheelhouseHint;

    public SdistBuilder(PipTool pip, ArtifactCache cache, String indexUrl, String wheelhouseHint) {
        this.pip = pip;
        this.cache = cache;
        this.indexUrl = indexUrl;
        this.wheelhouseHint = wheelhouseHint;
    }

    /** The sdist the index serves for {@code requirement} (e.g. {@code polib==1.1.1}), downloaded to {@code dir}. */
    public Path downloadSdist(String requirement, Path constraints, Path dir, PythonTarget target) {
        List<String> args = new ArrayList<>(List.of("download", "--quiet", "--no-deps", "--no-binary=:all:",
                "--dest", dir.toString(), "--index-url", indexUrl));
        if (constraints != null) {
            args.addAll(List.of("-c", constraints.toString()));
        }
        args.add(requirement);
        PipTool.Result r = pip.pip(args, dir);
        if (r.exitCode() != 0) {
            throw new OdooImageException("No wheel for " + target.describe() + " and no buildable source"
                    + " distribution for '" + requirement + "' on " + indexUrl + ":\n" + PipTool.tail(r.output())
                    + "\n" + fixHint(requirement, target));
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> isSdist(p.getFileName().toString())).findFirst().orElseThrow(
                    () -> new OdooImageException("pip downloaded no source distribution for " + requirement));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isSdist(String fileName) {
        String f = fileName.toLowerCase(Locale.ROOT);
        return f.endsWith(".tar.gz") || f.endsWith(".zip") || f.endsWith(".tar.bz2") || f.endsWith(".tgz");
    }

    /**
     * The pure wheel built from {@code sdist}, from the cache when built before.
     *
     * @param what the package and where it is asked for, for messages
     */
    public Path buildPure(Path sdist, String sdistSha256, String what, PythonTarget target) {
        Optional<Path> cached = cache.builtWheel(sdistSha256);
        if (cached.isPresent()) {
            cache.noteSdistName(sdistSha256, sdist.getFileName().toString());
            return cached.get();
        }
        if (pip == null) {
            throw new OdooImageException(what + " must be built from its source distribution, and the pip tool is"
                    + " not available offline; run once online to fill the cache");
        }
        try {
            Path out = Files.createTempDirectory("odoo-sdist-");
            try {
                PipTool.Result r = pip.pip(List.of("wheel", "--quiet", "--no-deps", "--wheel-dir", out.toString(),
                        "--index-url", indexUrl, sdist.toString()), out, NO_COMPILERS);
                if (r.exitCode() != 0) {
                    throw new NativeCodeException(what + " is published only as a source distribution ("
                            + sdist.getFileName() + ") and it does not build into a pure Python wheel here:\n"
                            + PipTool.tail(r.output()) + "\n" + fixHint(what, target));
                }
                Path wheel;
                try (Stream<Path> s = Files.list(out)) {
                    wheel = s.filter(p -> p.toString().endsWith(".whl")).findFirst().orElseThrow();
                }
                String impurity = impurity(wheel);
                if (impurity != null) {
                    throw new NativeCodeException(what + " is published only as a source distribution ("
                            + sdist.getFileName() + ") that compiles native code (" + impurity + "); a wheel built"
                            + " on this machine would not fit the image.\n" + fixHint(what, target));
                }
                return cache.putBuiltWheel(sdistSha256, sdist.getFileName().toString(), wheel);
            } finally {
                AtomicFiles.deleteRecursively(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + sdist, e);
        }
    }

    /** Why {@code wheel} is not pure Python, or null when it is. */
    public static String impurity(Path wheel) {
        WheelName wn = WheelName.parseOrNull(wheel.getFileName().toString());
        if (wn == null || !wn.isPurePython3()) {
            return "wheel tag " + (wn == null ? wheel.getFileName() : wn.python() + "-" + wn.abi() + "-"
                    + wn.platform());
        }
        try (ZipFile z = new ZipFile(wheel.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                String n = e.getName().toLowerCase(Locale.ROOT);
                if (n.endsWith(".so") || n.contains(".so.") || n.endsWith(".pyd") || n.endsWith(".dylib")
                        || n.endsWith(".dll")) {
                    return "native library " + e.getName();
                }
            }
            ZipEntry w = z.getEntry(wn.distInfo() + "/WHEEL");
            if (w != null && new String(z.getInputStream(w).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .toLowerCase(Locale.ROOT).contains("root-is-purelib: false")) {
                return "Root-Is-Purelib: false";
            }
        } catch (IOException e) {
            return "unreadable wheel: " + e.getMessage();
        }
        return null;
    }

    String fixHint(String what, PythonTarget target) {
        String name = what.split("[ =<>!~;(\\[]")[0];
        return "Fix it in one of these ways:\n"
                + "  - let the build compile it for the image in a throw-away builder container: podman or docker"
                + " working here, the compiler and headers it needs in system-build-packages.txt (python-ldap: gcc"
                + " libldap-dev libsasl2-dev, and python3-dev on a Debian-python base), then `mvn odoo:system-lock`;\n"
                + "  - substitute a package that ships wheels, in requirements-overrides.in, e.g. '" + name
                + " -> " + name + "-binary==<version>' (psycopg2 -> psycopg2-binary==2.9.9);\n"
                + "  - drop it if the image does not need it: '!" + name + "' in requirements-overrides.in;\n"
                + "  - put a wheel built for " + target.describe() + " (tag " + target.abi() + "-" + target.abi()
                + "-" + target.platformTags().get(0) + " or older manylinux) into " + wheelhouseHint
                + "; the lock pins its sha256.";
    }

    static String sha256(Path file) {
        return Digests.sha256Hex(file);
    }
}
