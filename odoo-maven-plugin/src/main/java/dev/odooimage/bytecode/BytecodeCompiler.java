package dev.odooimage.bytecode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.odooimage.container.ThrowAwayContainer;
import dev.odooimage.image.BytecodeTrees;
import dev.odooimage.imageprep.CompiledTrees;
import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.verify.ContainerEngine;
import dev.odooimage.util.ProcessRunner;

/**
 * {@code odoo:bytecode}: compiles the venv and every aggregate to {@code .pyc} with the base
 * image's own interpreter, in a throw-away container (no network, a non-root user, the trees
 * mounted read-only at their image paths, {@code SOURCE_DATE_EPOCH} and
 * {@code PYTHONHASHSEED=0} set), with {@code --invalidation-mode unchecked-hash}: the .pyc
 * hold a hash of their source instead of its mtime, so the same sources give the same bytes
 * and Python uses them without looking at the (read-only, fixed-time) sources. Each tree is
 * compiled by its own {@code compileall} process and lands in its own mirror
 * ({@link BytecodeTrees}), so one tree's bytes never depend on another's. A tree whose inputs
 * did not change is not compiled again; without a container engine there is one warning and
 * no .pyc.
 *
 * <p>Configured with setters returning {@code this}, run by {@link #call()}.
 */
public final class BytecodeCompiler {
    /** Bump when the command or the layout changes, so older mirrors are compiled again. */
    static final String RECIPE = "bytecode-1 compileall -f -q --invalidation-mode unchecked-hash PYTHONHASHSEED=0";
    static final String OUT = "/odoo-bytecode-out";
    private static final String COMPILEALL = "-X pycache_prefix=" + OUT
            + " -m compileall -f -q --invalidation-mode unchecked-hash";
    private static final Pattern MARKER = Pattern.compile("(?m)^@@odoo-bytecode rc=(\\d+) (\\S+)$");
    // One compileall process per tree: a tree's .pyc depend on its sources and the interpreter only.
    // Arguments: the interpreter, then pairs <tree> <"-" (the whole tree) | a list of its changed files>.
    private static final String SCRIPT = "py=\"$1\"; shift; while [ $# -gt 1 ]; do t=\"$1\"; l=\"$2\"; shift 2;"
            + " if [ \"$l\" = - ]; then \"$py\" " + COMPILEALL + " \"$t\";"
            + " else \"$py\" " + COMPILEALL + " -i \"$l\"; fi;"
            + " echo \"@@odoo-bytecode rc=$? $t\"; done";

    private final Path workDir;
    private List<String> engines = List.of("podman", "docker");
    private BaseImageSource base;
    private Duration timeout = Duration.ofMinutes(30);
    private Consumer<String> log = s -> {
    };
    private Consumer<String> warn = s -> {
    };

    /** What a run did. */
    public record Result(List<String> compiled, List<String> upToDate, List<String> withoutBytecode, int files,
            int syntaxWarnings) {
    }

    public BytecodeCompiler(Path workDir) {
        this.workDir = workDir;
    }

    public BytecodeCompiler setEngines(List<String> engines) {
        this.engines = List.copyOf(engines);
        return this;
    }

    public BytecodeCompiler setBase(BaseImageSource base) {
        this.base = base;
        return this;
    }

    public BytecodeCompiler setTimeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public BytecodeCompiler setLog(Consumer<String> log) {
        this.log = log;
        return this;
    }

    public BytecodeCompiler setWarn(Consumer<String> warn) {
        this.warn = warn;
        return this;
    }

    /** Removes every mirror: the image is built without .pyc. */
    public static void clear(Path workDir) {
        try {
            AtomicFiles.deleteRecursively(workDir.resolve(BytecodeTrees.DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + workDir.resolve(BytecodeTrees.DIR), e);
        }
    }

    public Result call() {
        List<BytecodeTrees.Tree> trees = CompiledTrees.all(workDir);
        prune(trees);
        String interpreter = interpreter(workDir.resolve("venv"));
        List<String> upToDate = new ArrayList<>();
        List<String> without = new ArrayList<>();
        List<Job> todo = new ArrayList<>();
        String baseKey = null;
        for (BytecodeTrees.Tree t : trees) {
            if (t.sourceKey() == null || !Files.isDirectory(t.sources())) {
                // Nothing tells whether a mirror still fits these sources: ship none.
                drop(t);
                without.add(t.name());
                continue;
            }
            if (baseKey == null) {
                baseKey = base.key();
            }
            String compilerKey = compilerKey(baseKey, interpreter, t.imagePath());
            String in = Digests.sha256Hex(RECIPE + "\n" + baseKey + "\n" + interpreter + "\n" + t.imagePath() + "\n"
                    + t.sourceKey());
            if (t.upToDate(in)) {
                upToDate.add(t.name());
            } else {
                todo.add(Job.of(t, in, compilerKey));
            }
        }
        if (!without.isEmpty()) {
            log.accept("odoo:bytecode: no content digest for " + String.join(", ", without)
                    + " (src.json digest / python-env stamp): no .pyc for them");
        }
        if (todo.isEmpty()) {
            log.accept("odoo:bytecode: bytecode up to date (" + upToDate.size() + " trees)");
            return new Result(List.of(), upToDate, without, 0, 0);
        }
        List<String> names = todo.stream().map(j -> j.tree().name()).toList();
        List<Job> compile = todo.stream().filter(Job::needsCompiler).toList();
        if (compile.isEmpty()) {
            // Only files other than .py changed (XML, data, ...): every .pyc is still right.
            try {
                return new Result(names, upToDate, without, finish(todo, null), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("odoo:bytecode: cannot write " + workDir.resolve(BytecodeTrees.DIR), e);
            }
        }
        List<String> notes = new ArrayList<>();
        ContainerEngine engine = ContainerEngine.detect(engines, notes).orElse(null);
        if (engine == null) {
            compile.forEach(j -> drop(j.tree()));
            List<String> lost = compile.stream().map(j -> j.tree().name()).toList();
            warn.accept("odoo:bytecode: no container engine works (" + String.join("; ", notes) + "): the image gets"
                    + " no .pyc for " + String.join(", ", lost) + ", so Python compiles them at every container"
                    + " start. Install podman, or pass -Dodoo.bytecode.skip=true to silence this");
            List<Job> rest = todo.stream().filter(j -> !j.needsCompiler()).toList();
            List<String> w = new ArrayList<>(without);
            w.addAll(lost);
            try {
                finish(rest, null);
            } catch (IOException e) {
                throw new UncheckedIOException("odoo:bytecode: cannot write " + workDir.resolve(BytecodeTrees.DIR), e);
            }
            return new Result(rest.stream().map(j -> j.tree().name()).toList(), upToDate, w, 0, 0);
        }
        log.accept("odoo:bytecode: compiling " + compile.stream().map(Job::describe).collect(Collectors.joining(", "))
                + " with " + interpreter + " of " + base.reference() + " (" + engine.name() + ")");
        String image = base.resolve(engine, timeout);
        int[] counts = compile(engine, image, interpreter, todo, compile);
        return new Result(names, upToDate, without, counts[0], counts[1]);
    }

    /** Everything a tree's .pyc depend on but the sources' bytes: equal keys allow an incremental compile. */
    static String compilerKey(String baseKey, String interpreter, String imagePath) {
        return Digests.sha256Hex(RECIPE + "\n" + baseKey + "\n" + interpreter + "\n" + imagePath);
    }

    private int[] compile(ContainerEngine engine, String image, String interpreter, List<Job> todo, List<Job> compile) {
        Path root = workDir.resolve(BytecodeTrees.DIR);
        Path out = null;
        try {
            Files.createDirectories(root);
            out = Files.createTempDirectory(root, ".out-");
            ThrowAwayContainer c = new ThrowAwayContainer(engine, image, "odoo-bytecode")
                    .env("PYTHONHASHSEED", "0").env("PYTHONDONTWRITEBYTECODE", "");
            List<String> args = new ArrayList<>(List.of(interpreter));
            for (int i = 0; i < compile.size(); i++) {
                Job j = compile.get(i);
                c.readOnly(j.tree().sources(), j.tree().imagePath());
                args.add(j.tree().imagePath());
                args.add(j.full() ? "-" : OUT + "/" + writeList(out, i, j));
            }
            c.output(out, OUT);
            ProcessRunner.Result r = c.run(timeout, SCRIPT, args).result();
            if (r.timedOut()) {
                throw new OdooImageException("odoo:bytecode: compiling took longer than " + timeout.toMinutes()
                        + " min; raise -Dodoo.bytecode.timeout or pass -Dodoo.bytecode.skip=true");
            }
            checkExitCodes(r, compile.stream().map(Job::tree).toList());
            int warnings = reportCompilerOutput(r.output());
            return new int[] {finish(todo, out), warnings };
        } catch (IOException e) {
            throw new UncheckedIOException("odoo:bytecode: cannot prepare " + root, e);
        } finally {
            try {
                AtomicFiles.deleteRecursively(out);
            } catch (IOException e) {
                warn.accept("odoo:bytecode: cannot delete " + out + ": " + e.getMessage());
            }
        }
    }

    /** The files of an incremental job, one image path a line, for {@code compileall -i}. */
    private static String writeList(Path out, int i, Job j) throws IOException {
        String name = ".list-" + i;
        StringBuilder s = new StringBuilder();
        j.changed().forEach(rel -> s.append(j.tree().imagePath()).append('/').append(rel).append('\n'));
        Files.writeString(out.resolve(name), s, StandardCharsets.UTF_8);
        return name;
    }

    /**
     * Builds each job's new mirror: the reused .pyc of its unchanged files, then what the
     * compiler wrote under {@code out} (null: nothing compiled); swaps it in and stamps it.
     *
     * @return the number of .pyc compiled
     */
    private int finish(List<Job> todo, Path out) throws IOException {
        Path root = workDir.resolve(BytecodeTrees.DIR);
        Files.createDirectories(root);
        int files = 0;
        for (Job j : todo) {
            BytecodeTrees.Tree t = j.tree();
            Path staged = Files.createTempDirectory(root, ".staged-");
            int reused = j.full() ? 0 : PycacheMirror.reuse(t.output(), staged, j.index().paths(), j.changed());
            int n = out == null || !j.needsCompiler() ? 0 : PycacheMirror.harvest(out, t.imagePath(), staged);
            drop(t);
            AtomicFiles.replaceDirectory(staged, t.output());
            t.writeStamp(j.inputs(), j.stampLines());
            files += n;
            log.accept("odoo:bytecode: " + t.name() + ": " + (j.full() ? n + " .pyc"
                    : j.changed().size() + " changed .py of " + j.index().size() + ", " + n + " .pyc compiled, "
                            + reused + " reused"));
        }
        return files;
    }

    /**
     * One tree to compile: whole, or only its changed files when the last mirror was compiled
     * by the same compiler (base, interpreter, image path, recipe) and recorded its sources.
     *
     * @param index the tree's .py files now (null: names a stamp cannot hold; compiled whole)
     * @param changed the files to compile again (incremental) or null (whole tree)
     */
    record Job(BytecodeTrees.Tree tree, String inputs, String compilerKey, SourceIndex index, Set<String> changed) {
        static Job of(BytecodeTrees.Tree t, String inputs, String compilerKey) {
            SourceIndex index = SourceIndex.scan(t.sources()).orElse(null);
            if (index == null || !compilerKey.equals(t.stampField("compiler")) || !Files.isDirectory(t.output())) {
                return new Job(t, inputs, compilerKey, index, null);
            }
            return new Job(t, inputs, compilerKey, index, index.changedSince(SourceIndex.fromLines(t.stampLines())));
        }

        boolean full() {
            return changed == null;
        }

        boolean needsCompiler() {
            return full() || !changed.isEmpty();
        }

        String describe() {
            return tree.name() + (full() ? "" : " (" + changed.size() + " changed .py)");
        }

        /** The stamp lines that let the next run compile only what changed. */
        List<String> stampLines() {
            if (index == null) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            lines.add("compiler " + compilerKey);
            lines.addAll(index.lines());
            return lines;
        }
    }

    private static void checkExitCodes(ProcessRunner.Result r, List<BytecodeTrees.Tree> todo) {
        Matcher m = MARKER.matcher(r.output());
        java.util.Map<String, Integer> codes = new java.util.HashMap<>();
        while (m.find()) {
            codes.put(m.group(2), Integer.parseInt(m.group(1)));
        }
        for (BytecodeTrees.Tree t : todo) {
            Integer rc = codes.get(t.imagePath());
            // compileall exits 1 when some file does not compile; those cannot be imported anyway.
            if (rc == null || rc > 1 || !r.ok()) {
                throw new OdooImageException("odoo:bytecode: compiling " + t.name() + " in the base image failed"
                        + (rc == null ? "" : " (compileall exit " + rc + ")") + ": " + r.tail(8)
                        + "\nPass -Dodoo.bytecode.skip=true to build the image without .pyc");
            }
        }
    }

    /** Logs what compileall printed: files that do not compile (a warning), SyntaxWarnings (counted). */
    private int reportCompilerOutput(String output) {
        List<String> errors = output.lines().filter(l -> l.startsWith("*** Error compiling")).toList();
        if (!errors.isEmpty()) {
            warn.accept("odoo:bytecode: " + errors.size() + " file(s) do not compile with the image's Python (they"
                    + " cannot be imported either): " + errors.stream().limit(10).collect(Collectors.joining("; ")));
        }
        int warnings = (int) output.lines().filter(l -> l.contains("SyntaxWarning")).count();
        if (warnings > 0) {
            log.accept("odoo:bytecode: " + warnings + " SyntaxWarning(s) at compile time; with the .pyc they no"
                    + " longer show at container start");
        }
        return warnings;
    }

    /** Removes mirrors and stamps of trees that are no longer in the build. */
    private void prune(List<BytecodeTrees.Tree> trees) {
        Path stamps = workDir.resolve(BytecodeTrees.DIR).resolve("stamps");
        if (!Files.isDirectory(stamps)) {
            return;
        }
        Set<Path> known = trees.stream().map(BytecodeTrees.Tree::stamp).collect(Collectors.toSet());
        try (DirectoryStream<Path> s = Files.newDirectoryStream(stamps)) {
            for (Path stamp : s) {
                if (!known.contains(stamp) && !stamp.getFileName().toString().startsWith(".")) {
                    String name = stamp.getFileName().toString().replace("%2F", "/").replace("%25", "%");
                    Path mirror = workDir.resolve(BytecodeTrees.DIR).resolve(name).normalize();
                    Files.delete(stamp);
                    if (mirror.startsWith(workDir.resolve(BytecodeTrees.DIR))) {
                        AtomicFiles.deleteRecursively(mirror);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + stamps, e);
        }
    }

    private void drop(BytecodeTrees.Tree t) {
        try {
            Files.deleteIfExists(t.stamp());
            AtomicFiles.deleteRecursively(t.output());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + t.output(), e);
        }
    }

    /** The venv's interpreter as pyvenv.cfg names it (an image path), else the base's python3. */
    static String interpreter(Path venv) {
        Path cfg = venv.resolve("pyvenv.cfg");
        String executable = null;
        String home = null;
        try {
            if (Files.isRegularFile(cfg)) {
                for (String line : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
                    String[] kv = line.split("=", 2);
                    if (kv.length == 2 && kv[0].trim().equals("executable")) {
                        executable = kv[1].trim();
                    } else if (kv.length == 2 && kv[0].trim().equals("home")) {
                        home = kv[1].trim();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + cfg, e);
        }
        String py = executable != null ? executable : home != null ? home + "/python3" : "python3";
        return safe(py);
    }

    private static String safe(String s) {
        return ThrowAwayContainer.safe(s);
    }
}
