package dev.odooimage.image;

import java.util.List;

/** A named image layer; {@code entries} are in image-path order. */
public record PlannedLayer(String name, List<PlannedEntry> entries) {
    public PlannedLayer {
        entries = List.copyOf(entries);
    }
}
