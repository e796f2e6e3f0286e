package dev.odooimage.bytecode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.odooimage.util.Digests;

/**
 * The {@code .py} files {@code compileall} compiles in a tree, each with the sha256 of its
 * bytes: what an incremental {@code odoo:bytecode} compares to find the files to compile again.
 *
 * <p>An {@code unchecked-hash} .pyc is a function of the source bytes, the path the code object
 * names (the image path) and the interpreter; with the interpreter, the base and the image path
 * unchanged, the .pyc of a file whose bytes did not change is the one it had, so only the
 * changed files need the compiler. The walk follows {@code compileall.compile_dir}: names sorted,
 * {@code __pycache__} skipped, linked directories not entered, every name ending in {@code .py}
 * that is a file (a link to a file included) taken.
 *
 * @param files path relative to the tree, with {@code /} -> sha256 hex of the bytes
 */
public record SourceIndex(Map<String, String> files) {
    /** Stamp line prefix: {@code file <sha256> <relative path>}. */
    static final String LINE = "file ";

    public SourceIndex {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /**
     * Scans {@code tree}. Empty when a name cannot be listed in a stamp line or in the list
     * {@code compileall -i} reads (a line break in it): such a tree is always compiled whole.
     * Other blanks are fine: a listed path starts with {@code /} and ends with {@code .py}, so
     * compileall's {@code line.strip()} cannot touch it.
     */
    public static Optional<SourceIndex> scan(Path tree) {
        Map<String, String> out = new TreeMap<>();
        try {
            return walk(tree, "", out) ? Optional.of(new SourceIndex(out)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sources of " + tree, e);
        }
    }

    private static boolean walk(Path dir, String prefix, Map<String, String> out) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(children::add);
        }
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path child : children) {
            String name = child.getFileName().toString();
            if (name.equals("__pycache__")) {
                continue;
            }
            String rel = prefix + name;
            if (Files.isDirectory(child)) {
                if (!Files.isSymbolicLink(child) && !walk(child, rel + "/", out)) {
                    return false;
                }
            } else if (name.endsWith(".py") && Files.isRegularFile(child)) {
                if (rel.contains("\n") || rel.contains("\r")) {
                    return false;
                }
                out.put(rel, Digests.sha256Hex(child));
            }
        }
        return true;
    }

    /** The stamp lines ({@code file <sha256> <path>}), sorted by path. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(files.size());
        files.forEach((rel, sha) -> lines.add(LINE + sha + " " + rel));
        return lines;
    }

    /** The index a stamp recorded with {@link #lines()}; lines of other kinds are ignored. */
    public static SourceIndex fromLines(List<String> lines) {
        Map<String, String> out = new TreeMap<>();
        for (String line : lines) {
            if (line.startsWith(LINE)) {
                String rest = line.substring(LINE.length());
                int sp = rest.indexOf(' ');
                if (sp > 0) {
                    out.put(rest.substring(sp + 1), rest.substring(0, sp));
                }
            }
        }
        return new SourceIndex(out);
    }

    /** The files of this index that {@code previous} lacks or recorded with other bytes. */
    public Set<String> changedSince(SourceIndex previous) {
        Set<String> changed = new TreeSet<>();
        files.forEach((rel, sha) -> {
            if (!sha.equals(previous.files.get(rel))) {
                changed.add(rel);
            }
        });
        return changed;
    }

    /**
     * The source a mirror's {@code .pyc} was compiled from, relative to the tree:
     * {@code a/b/__pycache__/x.cpython-311.pyc} -> {@code a/b/x.py}; null for any other file.
     */
    static String sourceOf(String pycRel) {
        int cache = pycRel.lastIndexOf("__pycache__/");
        if (cache < 0 || !pycRel.endsWith(".pyc") || pycRel.indexOf('/', cache + "__pycache__/".length()) >= 0) {
            return null;
        }
        String name = pycRel.substring(cache + "__pycache__/".length(), pycRel.length() - ".pyc".length());
        int tag = name.lastIndexOf('.'); // the interpreter's cache tag, e.g. cpython-311
        if (tag <= 0) {
            return null;
        }
        return pycRel.substring(0, cache) + name.substring(0, tag) + ".py";
    }

    /** Number of files. */
    public int size() {
        return files.size();
    }

    /** The relative paths, sorted. */
    public Set<String> paths() {
        return files.keySet();
    }
}
