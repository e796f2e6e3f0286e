package dev.odooimage.image;

import java.util.List;

/**
 * What the layer planner takes beyond the work directory's fixed places: the aggregates
 * (directories under {@code src/}) in lock order, and the compiled trees whose
 * {@code __pycache__} mirror is fresh and ships ({@code venv}, {@code src/<dir>}).
 * {@code odoo:prepare-image} decides both and hands them to the Jib extension.
 */
public record LayerInputs(List<String> aggregates, List<String> bytecode) {
    public LayerInputs {
        aggregates = List.copyOf(aggregates);
        bytecode = List.copyOf(bytecode);
    }
}
