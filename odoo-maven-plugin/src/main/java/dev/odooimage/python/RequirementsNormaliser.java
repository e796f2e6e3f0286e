package dev.odooimage.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.odooimage.util.OdooImageException;

/**
 * Turns the Python inputs into {@link NormalisedInputs}: Odoo's requirements.txt and
 * requirements.in with markers evaluated for the target, constraints, then the overrides.
 * An override acts on direct requirement lines only; a transitive dependency is steered
 * with a constraint.
 */
public final class RequirementsNormaliser {

    /**
     * @param odooRequirements Odoo's own requirements.txt (absent: no upstream requirements)
     * @param sourceRoot       origins of Odoo's files are shown relative to it (target/odoo/src)
     * @param projectRoot      origins of the project's files are shown relative to it
     */
    public record Inputs(Path odooRequirements, Path sourceRoot, Path requirementsIn, Path constraintsIn,
            Path overridesIn, Path projectRoot) {
    }

    public NormalisedInputs normalise(Inputs in, PythonTarget target) {
        return normalise(in, target, List.of());
    }

    /**
     * @param sourceNeeds what the sources' imports need ({@link SourceFacts}): active requirements
     *                    like the files' lines, overridable like them (an explicit {@code !name}
     *                    is the user's decision)
     */
    public NormalisedInputs normalise(Inputs in, PythonTarget target, List<SourceFacts.Need> sourceNeeds) {
        RequirementFiles odooFiles = new RequirementFiles(in.sourceRoot());
        RequirementFiles projectFiles = new RequirementFiles(in.projectRoot());
        List<RequirementLine> reqLines = new ArrayList<>();
        List<RequirementLine> conLines = new ArrayList<>();
        if (in.odooRequirements() != null) {
            RequirementFiles.Content c = odooFiles.read(in.odooRequirements());
            reqLines.addAll(c.requirements());
            conLines.addAll(c.constraints());
        }
        RequirementFiles.Content extra = projectFiles.read(in.requirementsIn());
        reqLines.addAll(extra.requirements());
        conLines.addAll(extra.constraints());
        conLines.addAll(projectFiles.readConstraints(in.constraintsIn()));

        Map<String, String> env = MarkerEnvironment.of(target, "");
        List<RequirementLine> inactive = new ArrayList<>();
        List<NormalisedInputs.Entry> active = new ArrayList<>();
        for (RequirementLine l : reqLines) {
            if (isActive(l.requirement(), l.origin(), env)) {
                active.add(new NormalisedInputs.Entry(l.requirement(), l.origin(), ""));
            } else {
                inactive.add(l);
            }
        }
        for (SourceFacts.Need need : sourceNeeds) {
            active.add(new NormalisedInputs.Entry(need.requirement(), need.origin(), need.why()));
        }
        List<RequirementLine> constraints = new ArrayList<>();
        for (RequirementLine l : conLines) {
            (isActive(l.requirement(), l.origin(), env) ? constraints : inactive).add(l);
        }

        List<String> overridden = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (RequirementOverride o : readOverrides(in.overridesIn(), projectFiles)) {
            if (o.replacement() != null && !isActive(o.replacement(), o.origin(), env)) {
                inactive.add(new RequirementLine(o.replacement(), o.origin(), o.text()));
                continue;
            }
            List<NormalisedInputs.Entry> hits = active.stream().filter(e -> e.requirement().key().equals(o.target()))
                    .toList();
            if (hits.isEmpty()) {
                warnings.add(o.origin() + ": override '" + o.text() + "' matches no active requirement; it does"
                        + " nothing (add new packages to requirements.in)");
                continue;
            }
            active.removeAll(hits);
            String replaced = String.join(", ", hits.stream()
                    .map(e -> e.requirement().toLine() + " (" + e.origin() + ")").toList());
            switch (o.kind()) {
                case DROP -> overridden.add(replaced + " dropped by " + o.origin());
                case REPLACE, SUBSTITUTE -> {
                    overridden.add(replaced + " -> " + o.replacement().toLine() + " (" + o.origin() + ")");
                    active.add(new NormalisedInputs.Entry(o.replacement(), o.origin(), "replaces " + replaced));
                }
                default -> throw new IllegalStateException();
            }
        }

        // Same canonical line twice: keep the first. Same package, different lines: keep both, pip intersects.
        Map<String, NormalisedInputs.Entry> byCanonical = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (NormalisedInputs.Entry e : active) {
            NormalisedInputs.Entry first = byCanonical.putIfAbsent(e.requirement().canonical(), e);
            if (first != null) {
                duplicates.add(e.requirement().toLine() + " at " + e.origin() + " repeats " + first.origin());
            }
        }
        List<NormalisedInputs.Entry> result = new ArrayList<>(byCanonical.values());
        result.sort(Comparator.comparing((NormalisedInputs.Entry e) -> e.requirement().key())
                .thenComparing(e -> e.requirement().canonical()));
        for (int i = 1; i < result.size(); i++) {
            if (result.get(i).requirement().key().equals(result.get(i - 1).requirement().key())) {
                duplicates.add(result.get(i).requirement().toLine() + " at " + result.get(i).origin() + " and "
                        + result.get(i - 1).requirement().toLine() + " at " + result.get(i - 1).origin()
                        + " both apply (pip must satisfy both; use an override to choose one)");
            }
        }
        constraints.sort(Comparator.comparing((RequirementLine l) -> l.requirement().canonical()));
        return new NormalisedInputs(target, List.copyOf(result), List.copyOf(constraints), List.copyOf(inactive),
                List.copyOf(overridden), List.copyOf(duplicates), List.copyOf(warnings));
    }

    private static boolean isActive(Requirement r, String origin, Map<String, String> env) {
        if (r.marker() == null) {
            return true;
        }
        try {
            return r.marker().evaluate(env);
        } catch (IllegalArgumentException e) {
            throw new OdooImageException(origin + ": " + e.getMessage());
        }
    }

    private static List<RequirementOverride> readOverrides(Path file, RequirementFiles files) {
        List<RequirementOverride> result = new ArrayList<>();
        if (file == null || !Files.isRegularFile(file)) {
            return result;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String name = files.display(file);
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).replaceAll("(^|\\s+)#.*$", "").trim();
            if (text.isEmpty()) {
                continue;
            }
            String origin = name + ":" + (i + 1);
            try {
                result.add(RequirementOverride.parse(text, origin));
            } catch (IllegalArgumentException e) {
                throw new OdooImageException(origin + ": " + e.getMessage() + ": '" + text + "' (forms: 'name==1.0'"
                        + " replaces, 'old -> new==1.0' substitutes, '!name' drops)");
            }
        }
        return result;
    }
}
