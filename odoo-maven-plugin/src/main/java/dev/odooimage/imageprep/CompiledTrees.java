package dev.odooimage.imageprep;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.odooimage.image.BytecodeTrees;

/** The compilable trees of a work directory, with the aggregates and digests of its src.json. */
public final class CompiledTrees {
    private CompiledTrees() {
    }

    /** The venv first, then every aggregate of {@code src.json}, in lock order. */
    public static List<BytecodeTrees.Tree> all(Path workDir) {
        List<AggregateOrder.Entry> entries = AggregateOrder.read(workDir.resolve("src.json"));
        return BytecodeTrees.all(workDir, entries.stream().map(AggregateOrder.Entry::dir).toList(),
                AggregateOrder.digests(entries));
    }

    /** The tree named {@code name} ({@code venv} or {@code src/<dir>}), if there is one. */
    public static Optional<BytecodeTrees.Tree> find(Path workDir, String name) {
        return all(workDir).stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
