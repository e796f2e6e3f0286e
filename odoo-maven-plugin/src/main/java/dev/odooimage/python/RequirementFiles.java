package dev.odooimage.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.odooimage.util.OdooImageException;

/**
 * Reads pip requirement files: comments, line continuations, {@code -r} includes (followed,
 * relative to the including file) and {@code -c} constraint includes. Any other pip option
 * is refused with the file and line: an index or a per-line hash belongs to the lock, not to
 * the inputs.
 */
public final class RequirementFiles {
    private static final Pattern COMMENT = Pattern.compile("(^|\\s+)#.*$");
    private static final Pattern INCLUDE = Pattern.compile(
            "(-r|--requirement|-c|--constraint)(?:\\s*=\\s*|\\s+)(\\S+)");

    /** What one file (and its includes) holds. */
    public record Content(List<RequirementLine> requirements, List<RequirementLine> constraints) {
    }

    private final Path displayRoot;

    /** @param displayRoot origins are shown relative to this directory */
    public RequirementFiles(Path displayRoot) {
        this.displayRoot = displayRoot.toAbsolutePath().normalize();
    }

    /** Reads {@code file}; an absent file reads as empty. */
    public Content read(Path file) {
        List<RequirementLine> reqs = new ArrayList<>();
        List<RequirementLine> cons = new ArrayList<>();
        read(file.toAbsolutePath().normalize(), false, reqs, cons, new HashSet<>(), true);
        return new Content(List.copyOf(reqs), List.copyOf(cons));
    }

    /** Reads {@code file} as constraints only (every line, and its includes, constrains). */
    public List<RequirementLine> readConstraints(Path file) {
        List<RequirementLine> cons = new ArrayList<>();
        read(file.toAbsolutePath().normalize(), true, cons, cons, new HashSet<>(), true);
        return List.copyOf(cons);
    }

    public String display(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(displayRoot) ? displayRoot.relativize(abs).toString() : abs.getFileName().toString();
    }

    private void read(Path file, boolean constraint, List<RequirementLine> reqs, List<RequirementLine> cons,
            Set<Path> seen, boolean top) {
        if (!Files.isRegularFile(file)) {
            if (top) {
                return;
            }
            throw new OdooImageException("requirement include " + display(file) + " does not exist");
        }
        if (!seen.add(file)) {
            return; // pip reads a twice-included file twice; once is enough for the same lines
        }
        List<String> raw;
        try {
            raw = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String name = display(file);
        StringBuilder pending = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < raw.size(); i++) {
            String line = raw.get(i);
            if (pending.length() == 0) {
                startLine = i + 1;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String text = COMMENT.matcher(pending.toString()).replaceAll("").trim();
            pending.setLength(0);
            if (text.isEmpty()) {
                continue;
            }
            String origin = name + ":" + startLine;
            if (text.startsWith("-")) {
                Matcher m = INCLUDE.matcher(text);
                if (!m.matches()) {
                    throw new OdooImageException(origin + ": pip option '" + text
                            + "' is not supported in requirement inputs; keep only requirements and -r/-c"
                            + " includes (indexes are plugin parameters, hashes belong to requirements.lock.txt)");
                }
                Path inc = file.getParent().resolve(m.group(2)).normalize();
                boolean asConstraint = constraint || m.group(1).startsWith("-c") || m.group(1).startsWith("--c");
                read(inc, asConstraint, reqs, cons, seen, false);
                continue;
            }
            if (text.contains(" --hash") || text.contains(" --config-settings") || text.contains(" --global-option")) {
                throw new OdooImageException(origin + ": per-requirement options are not supported in inputs: "
                        + text);
            }
            Requirement r;
            try {
                r = Requirement.parse(text);
            } catch (IllegalArgumentException e) {
                throw new OdooImageException(origin + ": " + e.getMessage() + ": " + text);
            }
            (constraint ? cons : reqs).add(new RequirementLine(r, origin, text));
        }
    }
}
