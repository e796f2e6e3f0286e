package dev.odooimage.its;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import dev.odooimage.its.kit.Procs;

/**
 * The generated {@code deploy/kubernetes} manifests, rendered and made playable by
 * {@code podman kube play}.
 *
 * <p>Rendering: {@code kubectl kustomize} (or {@code kustomize build}) of an overlay when one
 * is on the PATH. Without either (Debian packages neither), a documented minimal merge of what
 * the scaffold uses: the base's and the listed components' resources in order, the
 * configMapGenerator/secretGenerator of the overlay as plain objects (no hash suffix), the
 * name prefix and the {@code images:} entry of the image Component ({@link MinimalKustomize}).
 *
 * <p>Playing: podman 4.x plays Pods, Deployments, ConfigMaps, Secrets and PVCs but no Jobs, so
 * a Job becomes the Pod of its template, named after the Job: what a Job controller would run.
 */
final class KubeManifests {
    private KubeManifests() {
    }

    /** The renderer found on the PATH, or null (the minimal merge; forced by {@code -Dits.kustomize=minimal}). */
    static List<String> renderer() {
        if ("minimal".equals(System.getProperty("its.kustomize"))) {
            return null;
        }
        if (Procs.which("kustomize") != null) {
            return List.of("kustomize", "build");
        }
        if (Procs.which("kubectl") != null) {
            return List.of("kubectl", "kustomize");
        }
        return null;
    }

    /** Every object of the overlay, rendered. */
    static List<Map<String, Object>> render(Path overlay, Path log) {
        List<String> renderer = renderer();
        if (renderer != null) {
            List<String> cmd = new ArrayList<>(renderer);
            cmd.add(overlay.toString());
            Procs.Result r = Procs.run(cmd, overlay, Map.of(), null, Duration.ofMinutes(2), log);
            if (!r.ok()) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + r.output());
            }
            return loadAll(r.output());
        }
        return MinimalKustomize.build(overlay);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> loadAll(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object o : new Yaml(new LoaderOptions()).loadAll(text)) {
            if (o != null) {
                docs.add((Map<String, Object>) o);
            }
        }
        return docs;
    }

    static String dumpAll(List<Map<String, Object>> docs) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(o).dumpAll(docs.iterator());
    }

    static String kind(Map<String, Object> doc) {
        return (String) doc.get("kind");
    }

    @SuppressWarnings("unchecked")
    static String name(Map<String, Object> doc) {
        return (String) ((Map<String, Object>) doc.get("metadata")).get("name");
    }

    static Map<String, Object> only(List<Map<String, Object>> docs, String kind, String namePrefix) {
        List<Map<String, Object>> found = docs.stream()
                .filter(d -> kind.equals(kind(d)) && name(d).startsWith(namePrefix)).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + kind + " " + namePrefix + "*, found " + found.size());
        }
        return found.get(0);
    }

    /** A Job as the Pod its controller would start. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> jobAsPod(Map<String, Object> job) {
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) job.get("spec")).get("template");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name(job));
        Object labels = template.get("metadata") == null ? null
                : ((Map<String, Object>) template.get("metadata")).get("labels");
        if (labels != null) {
            meta.put("labels", labels);
        }
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        pod.put("metadata", meta);
        pod.put("spec", template.get("spec"));
        return pod;
    }

    /** The pod spec of a Deployment, Job or Pod. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> podSpec(Map<String, Object> doc) {
        Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
        if ("Pod".equals(kind(doc))) {
            return spec;
        }
        return (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
    }

    static Path write(Path file, List<Map<String, Object>> docs) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, dumpAll(docs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
