package dev.odooimage.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.odooimage.repos.AggregatePath;
import dev.odooimage.util.OdooImageException;

/**
 * Reads the aggregates, in lock order, from {@code target/odoo/src.json} (written by
 * {@code odoo:aggregate}: {@code {"format": 1, "aggregates": [{"path": "./odoo", "dir":
 * "odoo", ...}, ...]}}). Each entry's {@code dir} (its directory under {@code src/}) is used,
 * else its {@code path}; a top-level array of such objects or of path strings is accepted too.
 * Paths are the lock's relative paths ({@code ./odoo} and {@code odoo} are the same).
 */
public final class AggregateOrder {
    private AggregateOrder() {
    }

    public static List<String> read(Path srcJson) {
        if (!Files.isRegularFile(srcJson)) {
            throw new OdooImageException(srcJson + " is missing: the image is assembled from the aggregated sources;"
                    + " run the odoo:aggregate goal first (it runs at generate-sources in `mvn package`)");
        }
        Object root;
        try {
            root = MiniJson.parse(Files.readString(srcJson, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new OdooImageException(srcJson + " is not valid JSON: " + e.getMessage()
                    + "; delete it and run odoo:aggregate again");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Object list = root instanceof Map<?, ?> m ? m.get("aggregates") : root;
        if (!(list instanceof List<?> items)) {
            throw new OdooImageException(srcJson + ": expected an array \"aggregates\" of {\"path\": ...} objects");
        }
        Set<String> paths = new LinkedHashSet<>();
        int index = 0;
        for (Object item : items) {
            Object p = item instanceof Map<?, ?> m ? (m.get("dir") != null ? m.get("dir") : m.get("path")) : item;
            if (!(p instanceof String s)) {
                throw new OdooImageException(srcJson + ": aggregate #" + index + " has no string \"dir\" or \"path\"");
            }
            String norm = normalize(s, srcJson);
            if (!paths.add(norm)) {
                throw new OdooImageException(srcJson + ": aggregate path '" + s + "' appears twice");
            }
            index++;
        }
        return new ArrayList<>(paths);
    }

    /** {@code ./oca/web/} -> {@code oca/web}; refuses absolute paths and {@code ..}. */
    static String normalize(String path, Path file) {
        String p = AggregatePath.relative(path);
        if (AggregatePath.problem(p).isPresent()) {
            throw new OdooImageException(file + ": aggregate path '" + path
                    + "' must be a plain relative path inside the source tree (like ./odoo or ./oca/web)");
        }
        return p;
    }
}
