package dev.odooimage.aggregate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.odooimage.util.AtomicFiles;

/**
 * {@code target/odoo/src.json}: what {@code src/} holds, per aggregate in lock order: the
 * merges with their SHAs, the digest of the recipe (merges, remotes, patches, commands),
 * the git tree of the result and the content digest of the directory. It is written last,
 * after the trees are in place, and a tree counts as built only when its entry here
 * matches the lock and its digest matches the disk.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SrcManifest(int format, List<Entry> aggregates) {
    public static final int FORMAT = 1;

    /** One aggregate of src/. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String path, String dir, List<MergeEntry> merges, String recipe, String tree, String digest) {
    }

    /** One merge: remote name, URL without credentials, pinned SHA, and the ref it was locked from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MergeEntry(String remote, String url, String sha, String lockedFrom) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Optional<Entry> entry(String dir) {
        return aggregates.stream().filter(e -> e.dir().equals(dir)).findFirst();
    }

    /** The manifest in {@code file}, or empty when absent or unreadable (then nothing is trusted). */
    public static Optional<SrcManifest> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return fromTree(JSON.readTree(file.toFile()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Built from Jackson's tree rather than by data binding: binding these records first costs a
     * fresh Maven JVM 0.1 s of introspection, in every no-op build. Unknown fields are ignored,
     * a missing one is null; a field of the wrong type makes the file unreadable.
     */
    private static Optional<SrcManifest> fromTree(JsonNode root) {
        if (root == null || !root.isObject() || !root.path("format").canConvertToInt()
                || root.path("format").asInt() != FORMAT || !root.path("aggregates").isArray()) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : root.get("aggregates")) {
            if (!e.isObject() || !(e.path("merges").isArray() || e.path("merges").isMissingNode()
                    || e.path("merges").isNull())) {
                return Optional.empty();
            }
            List<MergeEntry> merges = null;
            if (e.path("merges").isArray()) {
                merges = new ArrayList<>();
                for (JsonNode m : e.get("merges")) {
                    if (!m.isObject()) {
                        return Optional.empty();
                    }
                    merges.add(new MergeEntry(text(m, "remote"), text(m, "url"), text(m, "sha"), text(m, "lockedFrom")));
                }
            }
            entries.add(new Entry(text(e, "path"), text(e, "dir"), merges, text(e, "recipe"), text(e, "tree"),
                    text(e, "digest")));
        }
        return Optional.of(new SrcManifest(root.get("format").asInt(), entries));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode() || v.isBinary()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return v.asText();
    }

    public void write(Path file) {
        try {
            AtomicFiles.writeString(file, JSON.writeValueAsString(this) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
