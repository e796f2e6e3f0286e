package dev.odooimage.imageprep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.repos.AggregatePath;
import dev.odooimage.util.OdooImageException;

/**
 * Reads the aggregates, in lock order, from {@code target/odoo/src.json} (written by
 * {@code odoo:aggregate}: {@code {"format": 1, "aggregates": [{"path": "./odoo", "dir":
 * "odoo", "digest": ..., ...}, ...]}}). Each entry's {@code dir} (its directory under
 * {@code src/}) is used, else its {@code path}; a top-level array of such objects or of path
 * strings is accepted too. Paths are the lock's relative paths ({@code ./odoo} and
 * {@code odoo} are the same).
 */
public final class AggregateOrder {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One aggregate of src.json.
     *
     * @param dir    its directory under {@code src/}
     * @param digest the content digest odoo:aggregate recorded, or {@code null}
     */
    public record Entry(String dir, String digest) {
    }

    private AggregateOrder() {
    }

    /** The directories, in lock order. */
    public static List<String> dirs(Path srcJson) {
        return read(srcJson).stream().map(Entry::dir).toList();
    }

    /** Directory -> recorded content digest, for those that have one. */
    public static Map<String, String> digests(List<Entry> entries) {
        Map<String, String> out = new LinkedHashMap<>();
        entries.stream().filter(e -> e.digest() != null).forEach(e -> out.put(e.dir(), e.digest()));
        return out;
    }

    public static List<Entry> read(Path srcJson) {
        if (!Files.isRegularFile(srcJson)) {
            throw new OdooImageException(srcJson + " is missing: the image is assembled from the aggregated sources;"
                    + " run the odoo:aggregate goal first (it runs at generate-sources in `mvn package`)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(srcJson.toFile());
        } catch (JsonProcessingException e) {
            throw new OdooImageException(srcJson + " is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage()
                    + "; delete it and run odoo:aggregate again");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + srcJson, e);
        }
        JsonNode list = root != null && root.isObject() ? root.get("aggregates") : root;
        if (list == null || !list.isArray()) {
            throw new OdooImageException(srcJson + ": expected an array \"aggregates\" of {\"path\": ...} objects");
        }
        List<Entry> out = new ArrayList<>();
        int index = 0;
        for (JsonNode item : list) {
            JsonNode p = item.isObject() ? (item.hasNonNull("dir") ? item.get("dir") : item.get("path")) : item;
            if (p == null || !p.isTextual()) {
                throw new OdooImageException(srcJson + ": aggregate #" + index + " has no string \"dir\" or \"path\"");
            }
            String dir = normalize(p.asText(), srcJson);
            if (out.stream().anyMatch(e -> e.dir().equals(dir))) {
                throw new OdooImageException(srcJson + ": aggregate path '" + p.asText() + "' appears twice");
            }
            JsonNode digest = item.isObject() ? item.get("digest") : null;
            out.add(new Entry(dir, digest != null && digest.isTextual() && !digest.asText().isBlank()
                    ? digest.asText() : null));
            index++;
        }
        return out;
    }

    /** {@code ./oca/web/} -> {@code oca/web}; refuses absolute paths and {@code ..}. */
    public static String normalize(String path, Path file) {
        String p = AggregatePath.relative(path);
        if (AggregatePath.problem(p).isPresent()) {
            throw new OdooImageException(file + ": aggregate path '" + path
                    + "' must be a plain relative path inside the source tree (like ./odoo or ./oca/web)");
        }
        return p;
    }
}
