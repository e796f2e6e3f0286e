package dev.odooimage.repos;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A parsed repos.yaml or repos.lock.yaml: aggregates in file order.
 *
 * @param source     the file it was read from (for error messages), or null
 * @param aggregates aggregates in file order
 */
public record ReposConfig(Path source, List<Aggregate> aggregates) {

    public ReposConfig {
        aggregates = List.copyOf(aggregates);
    }

    public Optional<Aggregate> aggregate(String path) {
        String wanted = AggregatePath.relative(path);
        return aggregates.stream().filter(a -> a.relativePath().equals(wanted)).findFirst();
    }
}
