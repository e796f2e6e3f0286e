package dev.odooimage.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.odooimage.contract.ImagePaths;

/**
 * Where {@code odoo:bytecode} leaves the compiled Python files, and whether they still fit
 * the sources. Uses the JDK alone: the Jib extension reads it (the aggregates and their digests
 * come from the caller: {@code src.json} is JSON, read before Jib runs).
 *
 * <p>Each compiled tree (the venv, each aggregate) has its own mirror under
 * {@code target/odoo/bytecode/}: {@code venv/} and {@code src/<dir>/} hold only the
 * {@code __pycache__} directories and their {@code .pyc}, at the places they take in the image.
 * They become one layer each, next to their tree's layer, so a change in one repository
 * re-pushes only that repository's two layers; the aggregated sources under
 * {@code target/odoo/src} are never written to (their digests and stat cache stay valid).
 *
 * <p>{@code bytecode/stamps/<tree>} says what a mirror was compiled from:
 * {@code source <key>} (the tree's content key: the {@code digest} of its {@code src.json}
 * entry, or the {@code stamps/python-env} digest for the venv) and {@code inputs <digest>}
 * (that key plus the base image and the compile recipe). The image takes a mirror only when
 * its {@code source} key is the tree's current one: the .pyc are "unchecked-hash" (Python
 * trusts them without looking at the source), so stale ones must never ship.
 */
public final class BytecodeTrees {
    public static final String DIR = "bytecode";
    public static final String VENV = "venv";

    /**
     * One compilable tree.
     *
     * @param name {@code venv} or {@code src/<dir>}
     * @param sources the tree on the build host
     * @param imagePath where the tree lies in the image
     * @param sourceKey the content key of {@code sources}; {@code null} when unknown (never compiled
     *            nor shipped then)
     * @param output the mirror of {@code __pycache__} directories
     * @param stamp what the mirror was compiled from
     */
    public record Tree(String name, Path sources, String imagePath, String sourceKey, Path output, Path stamp) {

        /** The mirror exists and was compiled from the current sources. */
        public boolean fresh() {
            return sourceKey != null && Files.isDirectory(output) && sourceKey.equals(stampField("source"));
        }

        /** The mirror exists and was compiled from exactly {@code inputs}. */
        public boolean upToDate(String inputs) {
            return fresh() && inputs.equals(stampField("inputs"));
        }

        public void writeStamp(String inputs) {
            writeStamp(inputs, List.of());
        }

        /** The stamp, with {@code more} lines after {@code source} and {@code inputs} (odoo:bytecode's own). */
        public void writeStamp(String inputs, List<String> more) {
            StringBuilder s = new StringBuilder("source " + sourceKey + "\ninputs " + inputs + "\n");
            more.forEach(line -> s.append(line).append('\n'));
            dev.odooimage.util.AtomicFiles.writeString(stamp, s.toString());
        }

        /** The value of the stamp's line {@code <field> <value>}, or null. */
        public String stampField(String field) {
            for (String line : stampLines()) {
                if (line.startsWith(field + " ")) {
                    return line.substring(field.length() + 1).trim();
                }
            }
            return null;
        }

        /** Every line of the stamp; empty without one. */
        public List<String> stampLines() {
            if (!Files.isRegularFile(stamp)) {
                return List.of();
            }
            try {
                return Files.readAllLines(stamp, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + stamp, e);
            }
        }
    }

    private BytecodeTrees() {
    }

    /**
     * The venv first, then every aggregate, in lock order.
     *
     * @param aggregates directories under {@code src/}, in lock order
     * @param digests    aggregate directory -> the content digest {@code odoo:aggregate} recorded in
     *                   {@code src.json} (missing: unknown, never compiled nor shipped)
     */
    public static List<Tree> all(Path workDir, List<String> aggregates, Map<String, String> digests) {
        List<Tree> trees = new ArrayList<>();
        trees.add(tree(workDir, VENV, venvKey(workDir)));
        for (String a : aggregates) {
            String d = digests.get(a);
            trees.add(tree(workDir, "src/" + a, d == null || d.isBlank() ? null : "src:" + d));
        }
        return trees;
    }

    private static Tree tree(Path workDir, String name, String key) {
        Path sources = name.equals(VENV) ? workDir.resolve("venv") : workDir.resolve(name);
        return new Tree(name, sources, imagePath(name), key, output(workDir, name), stamp(workDir, name));
    }

    /** Where the tree {@code name} ({@code venv} or {@code src/<dir>}) lies in the image. */
    public static String imagePath(String name) {
        return name.equals(VENV) ? ImagePaths.VENV : ImagePaths.source(name.substring("src/".length()));
    }

    /** The {@code __pycache__} mirror of the tree {@code name}. */
    public static Path output(Path workDir, String name) {
        return workDir.resolve(DIR).resolve(name);
    }

    /** The stamp saying what the mirror of {@code name} was compiled from. */
    public static Path stamp(Path workDir, String name) {
        return workDir.resolve(DIR).resolve("stamps").resolve(name.replace("%", "%25").replace("/", "%2F"));
    }

    /** The python-env step's own input digest: it changes whenever the venv is rebuilt differently. */
    private static String venvKey(Path workDir) {
        Path stamp = workDir.resolve("stamps/python-env");
        try {
            String s = Files.isRegularFile(stamp) ? Files.readString(stamp, StandardCharsets.UTF_8).trim() : "";
            return s.isEmpty() ? null : "python-env:" + s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stamp, e);
        }
    }
}
