package dev.odooimage.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.OdooImageException;

/**
 * Reads and normalises the project's Python inputs for the target and writes
 * {@code requirements.effective.in}, {@code constraints.effective.in} and the report.
 */
public final class PythonInputs {
    /** The command that (re)creates the lock, for messages. */
    public static final String REFRESH_COMMAND = "mvn generate-resources -Dodoo.python.refresh";

    private PythonInputs() {
    }

    public static NormalisedInputs prepare(PythonProject project, PythonTarget target, Consumer<String> warn) {
        Path odooReq = project.odooRequirements() != null ? project.odooRequirements()
                : findOdooRequirements(project.sourceRoot());
        SourceFacts.Result facts = SourceFacts.scan(project.sourceRoot(), odooReq == null ? null
                : odooReq.getParent().resolve("odoo"), target, project.workDirectory().resolve("src.json"),
                project.workDirectory().resolve("source-facts.cache"));
        NormalisedInputs n = new RequirementsNormaliser().normalise(new RequirementsNormaliser.Inputs(odooReq,
                project.sourceRoot(), project.requirementsIn(), project.constraintsIn(), project.overridesIn(),
                project.projectRoot()), target, facts.needs());
        n = withMissingModules(n, facts, target);
        AtomicFiles.writeStringIfChanged(project.effectiveConstraints(), n.constraintsIn());
        AtomicFiles.writeStringIfChanged(project.effectiveIn(), n.effectiveIn(project.effectiveConstraints().getFileName()
                .toString()));
        AtomicFiles.writeStringIfChanged(project.report(), n.report());
        n.warnings().forEach(warn);
        return n;
    }

    /**
     * A standard library module the target lacks: an error when Odoo itself imports it (no image
     * of it could start), a warning for an addon (only imported when installed). An active
     * requirement on the module's backport settles it.
     */
    private static NormalisedInputs withMissingModules(NormalisedInputs n, SourceFacts.Result facts,
            PythonTarget target) {
        List<String> warnings = new java.util.ArrayList<>(n.warnings());
        for (SourceFacts.Missing m : facts.missing()) {
            if (m.backport() != null && n.requirements().stream().anyMatch(e -> e.requirement().key()
                    .equals(Requirement.normalizeName(m.backport())))) {
                continue;
            }
            if (m.core()) {
                throw new OdooImageException(m.message(target));
            }
            warnings.add(m.message(target));
        }
        return new NormalisedInputs(n.target(), n.requirements(), n.constraints(), n.inactive(), n.overridden(),
                n.duplicates(), List.copyOf(warnings));
    }

    /**
     * Odoo's requirements.txt: the one beside {@code odoo-bin} in the aggregated sources. Exactly
     * one aggregate must hold odoo-bin.
     */
    public static Path findOdooRequirements(Path sourceRoot) {
        if (!Files.isDirectory(sourceRoot)) {
            throw new OdooImageException("no aggregated sources in " + sourceRoot + ": the Python inputs include"
                    + " Odoo's requirements.txt; run the build from the start (" + REFRESH_COMMAND + " runs"
                    + " odoo:aggregate first)");
        }
        List<Path> found;
        try (Stream<Path> s = Files.find(sourceRoot, 4, (p, a) -> a.isRegularFile()
                && p.getFileName().toString().equals("odoo-bin"))) {
            found = s.map(Path::getParent).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + sourceRoot, e);
        }
        if (found.isEmpty()) {
            throw new OdooImageException("no Odoo aggregate (a directory with odoo-bin) under " + sourceRoot
                    + ": repos.yaml must include the Odoo repository");
        }
        if (found.size() > 1) {
            throw new OdooImageException("more than one Odoo aggregate (directories with odoo-bin) under "
                    + sourceRoot + ": " + found);
        }
        Path req = found.get(0).resolve("requirements.txt");
        if (!Files.isRegularFile(req)) {
            throw new OdooImageException("the Odoo aggregate " + found.get(0) + " has no requirements.txt");
        }
        return req;
    }
}
