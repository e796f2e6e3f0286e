package dev.odooimage.addons;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The inventory as {@code addons.json}: addons sorted by technical name (stable diffs),
 * keys in a fixed order, manifest keys under their manifest names.
 */
public final class AddonsJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AddonsJson() {
    }

    public static String render(Inventory inventory, String imageSourceRoot, String series) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("series", series);
        List<Map<String, Object>> roots = new ArrayList<>();
        for (AddonRoot r : inventory.roots()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", r.imagePath(imageSourceRoot));
            m.put("repository", r.aggregate());
            m.put("kind", r.kind().name().toLowerCase().replace('_', '-'));
            roots.add(m);
        }
        doc.put("addons_path", roots);
        List<Map<String, Object>> addons = new ArrayList<>();
        inventory.addons().stream().sorted(Comparator.comparing(Addon::name)).forEach(a -> {
            Manifest mf = a.manifest();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            m.put("path", a.imagePath(imageSourceRoot));
            m.put("repository", a.aggregate());
            m.put("version", mf.version());
            m.put("license", mf.license());
            m.put("depends", mf.depends());
            m.put("auto_install", mf.autoInstallTriggers() != null ? mf.autoInstallTriggers() : mf.autoInstall());
            m.put("installable", mf.installable());
            m.put("external_dependencies", mf.externalDependencies());
            addons.add(m);
        });
        doc.put("addons", addons);
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render addons.json", e);
        }
    }
}
