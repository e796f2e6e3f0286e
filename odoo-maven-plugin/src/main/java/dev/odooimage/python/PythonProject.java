package dev.odooimage.python;

import java.nio.file.Path;

/**
 * The project's Python files and where generated files go.
 *
 * @param sourceRoot       target/odoo/src (the aggregated sources)
 * @param odooRequirements Odoo's requirements.txt; null to find it (the aggregate with odoo-bin)
 * @param workDirectory    target/odoo
 */
public record PythonProject(Path projectRoot, Path sourceRoot, Path odooRequirements, Path requirementsIn,
        Path constraintsIn, Path overridesIn, Path lockFile, Path workDirectory) {

    public Path effectiveIn() {
        return workDirectory.resolve("requirements.effective.in");
    }

    public Path effectiveConstraints() {
        return workDirectory.resolve("constraints.effective.in");
    }

    public Path report() {
        return workDirectory.resolve("requirements.report.txt");
    }

    public Path venv() {
        return workDirectory.resolve("venv");
    }
}
