package dev.odooimage.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of an OCI / Docker image configuration the checks look at.
 *
 * @param user       the {@code User} field as written ("1000:1000", "odoo", "" for root)
 * @param entrypoint the {@code Entrypoint} array (empty when unset)
 * @param cmd        the {@code Cmd} array (empty when unset)
 * @param labels     the {@code Labels} map (empty when unset)
 * @param env        the {@code Env} list of {@code NAME=value}
 * @param history    one entry per history record: the comment, else created_by ("" when none);
 *                   records marked {@code empty_layer} are left out, so index i names layer i
 * @param architecture the OCI architecture ("amd64", "arm64"; "" when unset)
 * @param variant      the OCI variant ("v7"; "" when unset)
 */
public record ImageConfig(String user, List<String> entrypoint, List<String> cmd, Map<String, String> labels,
        List<String> env, List<String> history, String architecture, String variant) {

    static ImageConfig parse(JsonNode root) {
        JsonNode c = root.path("config");
        List<String> history = new ArrayList<>();
        for (JsonNode h : root.path("history")) {
            if (h.path("empty_layer").asBoolean(false)) {
                continue;
            }
            String comment = h.path("comment").asText("");
            history.add(comment.isEmpty() ? h.path("created_by").asText("") : comment);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ImageConfig(c.path("User").asText(""), strings(c.path("Entrypoint")), strings(c.path("Cmd")),
                Collections.unmodifiableMap(labels), strings(c.path("Env")), List.copyOf(history),
                root.path("architecture").asText(""), root.path("variant").asText(""));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return List.copyOf(out);
    }
}
