package dev.odooimage.image;

import java.util.List;

/**
 * The image's layers, least to most often changing, and what the planner found out
 * about the tree: the aggregates in lock order and where odoo-bin is in the image.
 */
public record LayerPlan(List<PlannedLayer> layers, List<String> aggregates, String odooBin) {
    public LayerPlan {
        layers = List.copyOf(layers);
        aggregates = List.copyOf(aggregates);
    }
}
