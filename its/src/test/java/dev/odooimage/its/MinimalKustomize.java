package dev.odooimage.its;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of kustomize the generated {@code deploy/kubernetes} tree and the test overlay use,
 * for machines without kustomize or kubectl (Debian packages neither): {@code resources}
 * (files, and directories with their own kustomization), {@code components} (their resources,
 * then their {@code images:}), {@code configMapGenerator} / {@code secretGenerator} with
 * {@code files} (plain objects, no hash suffix) and {@code namePrefix} (names and the pod volume
 * references to ConfigMaps, Secrets and claims). Labels and namespaces are left out: podman
 * does not need them. Anything else (patches above all) fails loudly, so that a scaffold change
 * that needs more cannot pass unnoticed.
 */
final class MinimalKustomize {
    private static final List<String> KNOWN = List.of("apiVersion", "kind", "resources", "components", "images",
            "configMapGenerator", "secretGenerator", "namePrefix", "labels", "namespace");

    private MinimalKustomize() {
    }

    static List<Map<String, Object>> build(Path dir) {
        Map<String, Object> k = kustomization(dir);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String r : strings(k.get("resources"))) {
            Path p = dir.resolve(r).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(build(p));
            } else {
                out.addAll(KubeManifests.loadAll(read(p)));
            }
        }
        for (String c : strings(k.get("components"))) {
            Path p = dir.resolve(c).normalize();
            Map<String, Object> component = kustomization(p);
            for (String r : strings(component.get("resources"))) {
                out.addAll(KubeManifests.loadAll(read(p.resolve(r))));
            }
            for (Map<String, Object> image : maps(component.get("images"))) {
                setImages(out, image);
            }
        }
        for (Map<String, Object> g : maps(k.get("configMapGenerator"))) {
            out.add(generated("ConfigMap", dir, g, false));
        }
        for (Map<String, Object> g : maps(k.get("secretGenerator"))) {
            out.add(generated("Secret", dir, g, true));
        }
        if (k.get("namePrefix") instanceof String prefix) {
            prefix(out, prefix);
        }
        return out;
    }

    private static Map<String, Object> kustomization(Path dir) {
        Map<String, Object> k = KubeManifests.loadAll(read(dir.resolve("kustomization.yaml"))).get(0);
        for (String key : k.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalStateException(dir + "/kustomization.yaml uses '" + key
                        + "', which MinimalKustomize does not implement; install kubectl or kustomize");
            }
        }
        return k;
    }

    private static Map<String, Object> generated(String kind, Path dir, Map<String, Object> g, boolean base64) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (String f : strings(g.get("files"))) {
            String key = f.contains("=") ? f.substring(0, f.indexOf('=')) : Path.of(f).getFileName().toString();
            String content = read(dir.resolve(f.contains("=") ? f.substring(f.indexOf('=') + 1) : f));
            data.put(key, base64 ? Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))
                    : content);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "v1");
        doc.put("kind", kind);
        doc.put("metadata", new LinkedHashMap<>(Map.of("name", g.get("name"))));
        doc.put("data", data);
        return doc;
    }

    @SuppressWarnings("unchecked")
    private static void setImages(List<Map<String, Object>> docs, Map<String, Object> image) {
        String reference = image.get("newName") + (image.get("newTag") != null ? ":" + image.get("newTag") : "")
                + (image.get("digest") != null ? "@" + image.get("digest") : "");
        for (Map<String, Object> d : docs) {
            if (!(d.get("spec") instanceof Map<?, ?>) || ((Map<String, Object>) d.get("spec")).get("template") == null) {
                continue;
            }
            Map<String, Object> spec = KubeManifests.podSpec(d);
            for (String list : List.of("initContainers", "containers")) {
                for (Map<String, Object> c : maps(spec.get(list))) {
                    if (image.get("name").equals(c.get("image"))) {
                        c.put("image", reference);
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void prefix(List<Map<String, Object>> docs, String prefix) {
        for (Map<String, Object> d : docs) {
            Map<String, Object> meta = (Map<String, Object>) d.get("metadata");
            meta.put("name", prefix + meta.get("name"));
            if (d.get("spec") instanceof Map<?, ?> s && s.get("template") != null) {
                for (Map<String, Object> v : maps(KubeManifests.podSpec(d).get("volumes"))) {
                    rename(v.get("configMap"), "name", prefix);
                    rename(v.get("secret"), "secretName", prefix);
                    rename(v.get("persistentVolumeClaim"), "claimName", prefix);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void rename(Object ref, String key, String prefix) {
        if (ref instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put(key, prefix + m.get(key));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return o == null ? List.of() : (List<String>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        return o == null ? List.of() : (List<Map<String, Object>>) o;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
