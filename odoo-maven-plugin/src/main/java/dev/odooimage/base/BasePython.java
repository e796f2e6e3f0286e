package dev.odooimage.base;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.odooimage.util.OdooImageException;

/**
 * The pom's four facts about the base image's Python ({@code odoo.python.version},
 * {@code odoo.python.interpreter}, {@code odoo.python.platform}, {@code odoo.python.glibc}),
 * each {@code auto} (read from the base) or explicit (checked against the base): a value
 * that disagrees with the image would build a venv the image cannot run.
 */
public final class BasePython {
    public static final String AUTO = "auto";
    public static final String VERSION = "odoo.python.version";
    public static final String INTERPRETER = "odoo.python.interpreter";
    public static final String PLATFORM = "odoo.python.platform";
    public static final String GLIBC = "odoo.python.glibc";
    public static final String BASE_IMAGE = "odoo.base.image";

    /** The values as the pom (or the command line) gives them; {@code auto}, blank or null mean "read it". */
    public record Declared(String version, String interpreter, String platform, String glibc) {
        public boolean anyAuto() {
            return isAuto(version) || isAuto(interpreter) || isAuto(platform) || isAuto(glibc);
        }
    }

    /** The values the Python goals build for, each explicit. */
    public record Resolved(String version, String interpreter, String platform, String glibc) {
    }

    private BasePython() {
    }

    public static boolean isAuto(String value) {
        return value == null || value.isBlank() || value.trim().equals(AUTO);
    }

    /**
     * Resolves {@code auto} values from {@code facts} and checks explicit ones against them.
     * The version resolves to major.minor (the lock then stays valid across patch releases of
     * the base); an explicit {@code 3.11.2} is kept and checked when the image tells its full version.
     *
     * @throws OdooImageException naming the property, the pom's value and the base's
     */
    public static Resolved resolve(BaseFacts facts, Declared declared) {
        String image = facts.image();
        Libc libc = facts.libc();
        if (libc.kind() == Libc.Kind.MUSL) {
            throw new OdooImageException("base image " + image + " uses musl libc (found " + libc.evidence()
                    + "): the venv is made of manylinux (glibc) wheels, which do not run on musl. Set " + BASE_IMAGE
                    + " to a glibc base (Debian or Ubuntu based, e.g. python:3.12-slim-bookworm rather than"
                    + " python:3.12-alpine)");
        }
        String glibc;
        if (isAuto(declared.glibc())) {
            if (libc.kind() != Libc.Kind.GLIBC) {
                throw new OdooImageException("base image " + image + ": cannot tell its glibc version ("
                        + libc.evidence() + "); set " + GLIBC + " in the pom to the image's glibc version (e.g."
                        + " 2.36 for Debian bookworm)");
            }
            glibc = libc.version();
        } else {
            glibc = declared.glibc().trim();
            if (libc.kind() == Libc.Kind.GLIBC && !glibc.equals(libc.version())) {
                throw disagree(GLIBC, glibc, libc.version() + " (" + libc.evidence() + ")", image);
            }
        }
        String platform = isAuto(declared.platform()) ? facts.machine() : declared.platform().trim();
        if (!platform.equals(facts.machine())) {
            throw disagree(PLATFORM, platform, facts.machine() + " (image architecture "
                    + facts.config().architecture() + ")", image);
        }
        PythonInstall python = interpreter(facts, declared.interpreter());
        String interpreter = isAuto(declared.interpreter()) ? python.interpreter() : declared.interpreter().trim();
        String version;
        if (isAuto(declared.version())) {
            version = python.minorVersion();
        } else {
            version = declared.version().trim();
            boolean full = version.split("\\.").length == 3;
            boolean agrees = full && !python.fullVersion().isEmpty() ? version.equals(python.fullVersion())
                    : version.equals(python.minorVersion()) || version.startsWith(python.minorVersion() + ".");
            if (!agrees) {
                throw disagree(VERSION, version, python.version() + " (" + python.interpreter() + ")", image);
            }
        }
        return new Resolved(version, interpreter, platform, glibc);
    }

    private static PythonInstall interpreter(BaseFacts facts, String declared) {
        List<PythonInstall> found = facts.pythons();
        String list = found.stream().map(p -> p.interpreter() + " (" + p.version() + ")")
                .collect(Collectors.joining(", "));
        if (isAuto(declared)) {
            if (found.isEmpty()) {
                throw new OdooImageException("base image " + facts.image() + " has no Python interpreter (looked"
                        + " for .../bin/python3.X beside its standard library .../lib/python3.X/os.py): set "
                        + BASE_IMAGE + " to an image with CPython 3 (e.g. python:3.12-slim, or Debian with"
                        + " python3), or " + INTERPRETER + " to the interpreter's path if it is elsewhere");
            }
            if (found.size() > 1) {
                throw new OdooImageException("base image " + facts.image() + " has " + found.size()
                        + " Python interpreters: " + list + "; set " + INTERPRETER
                        + " in the pom to the one the venv is for");
            }
            return found.get(0);
        }
        String path = declared.trim();
        Optional<PythonInstall> match = found.stream()
                .filter(p -> p.isNamedBy(path))
                .findFirst();
        return match.orElseThrow(() -> disagree(INTERPRETER, path,
                found.isEmpty() ? "no Python interpreter" : list, facts.image()));
    }

    private static OdooImageException disagree(String property, String pom, String base, String image) {
        return new OdooImageException(property + " is " + pom + " in the pom, but base image " + image + " has "
                + base + ": set " + property + " to auto (read from the base) or to the base's value");
    }
}
