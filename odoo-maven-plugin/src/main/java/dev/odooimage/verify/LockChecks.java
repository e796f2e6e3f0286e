package dev.odooimage.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The image records the locks it was built from, and its layers follow the lock. */
final class LockChecks {

    private LockChecks() {
    }

    /**
     * @param expected label name -> expected digest ("sha256:<hex>" or bare hex); a null
     *                 value means the lock file does not exist and the label is not checked
     */
    static CheckResult labels(ImageConfig config, Map<String, String> expected) {
        String id = "lock-labels";
        String title = "image labels carry the lock digests";
        List<String> problems = new ArrayList<>();
        List<String> ok = new ArrayList<>();
        for (var e : expected.entrySet()) {
            if (e.getValue() == null) {
                ok.add(e.getKey() + ": not checked (no lock file)");
                continue;
            }
            String actual = config.labels().get(e.getKey());
            if (actual == null) {
                problems.add("label " + e.getKey() + " is missing (expected " + bare(e.getValue()) + ")");
            } else if (!bare(actual).equalsIgnoreCase(bare(e.getValue()))) {
                problems.add("label " + e.getKey() + " is " + actual + " but the lock file's digest is "
                        + bare(e.getValue()) + ": the tarball was built from other locks, rebuild it");
            } else {
                ok.add(e.getKey() + " = " + actual);
            }
        }
        if (expected.isEmpty()) {
            return CheckResult.skip(id, title, "no lock label configured");
        }
        if (!problems.isEmpty()) {
            return CheckResult.fail(id, title, problems.get(0), problems);
        }
        return CheckResult.pass(id, title, ok.size() + " label(s) checked", ok);
    }

    private static String bare(String digest) {
        return digest.startsWith("sha256:") ? digest.substring(7) : digest;
    }

    /**
     * One layer per locked repository (its sources and their .pyc, nothing else), one for the
     * venv (with its .pyc), and no
     * source in the image that the lock does not name.
     *
     * @param roots image paths of the locked repositories, null when there is no lock
     */
    static CheckResult layers(List<List<LayerEntry>> layers, List<String> history, Set<String> roots) {
        String id = "lock-layers";
        String title = "one layer per locked repository and one for the venv";
        if (roots == null) {
            return CheckResult.skip(id, title, "no repos.lock.yaml to compare with");
        }
        Map<String, Set<Integer>> rootLayers = new LinkedHashMap<>();
        roots.forEach(r -> rootLayers.put(r, new TreeSet<>()));
        Set<Integer> venvLayers = new TreeSet<>();
        Set<String> unlocked = new TreeSet<>();
        List<Set<String>> touched = new ArrayList<>();
        for (List<LayerEntry> layer : layers) {
            Set<String> here = new TreeSet<>();
            for (LayerEntry e : layer) {
                String p = e.path();
                if (p.equals(ForbiddenFiles.VENV) || p.startsWith(ForbiddenFiles.VENV + "/")) {
                    venvLayers.add(e.layer());
                    here.add(ForbiddenFiles.VENV);
                    continue;
                }
                if (!p.startsWith(ForbiddenFiles.SRC + "/")) {
                    continue;
                }
                String root = owner(p, roots);
                if (root != null) {
                    rootLayers.get(root).add(e.layer());
                    here.add(root);
                } else if (!e.isDirectory() || roots.stream().noneMatch(r -> r.startsWith(p + "/"))) {
                    unlocked.add(p.substring(0, nextSlash(p, ForbiddenFiles.SRC.length() + 1))
                            + " (layer " + e.layer() + ")");
                }
            }
            touched.add(here);
        }
        List<String> problems = new ArrayList<>();
        rootLayers.forEach((root, at) -> {
            if (at.isEmpty()) {
                problems.add("locked repository " + root + " is in no layer: the image lacks its sources");
            } else if (at.size() > 1) {
                problems.add("locked repository " + root + " is spread over layers " + at
                        + ": each repository must be exactly one layer");
            }
        });
        for (int i = 0; i < touched.size(); i++) {
            if (touched.get(i).size() > 1) {
                problems.add("layer " + i + name(history, i) + " mixes " + touched.get(i)
                        + ": each repository and the venv must be a layer of its own");
            }
        }
        unlocked.forEach(u -> problems.add("source " + u + " is not a repository of repos.lock.yaml"));
        if (venvLayers.isEmpty()) {
            problems.add("no layer holds " + ForbiddenFiles.VENV);
        } else if (venvLayers.size() > 1) {
            problems.add(ForbiddenFiles.VENV + " is spread over layers " + venvLayers);
        }
        if (!problems.isEmpty()) {
            return CheckResult.fail(id, title, problems.get(0), problems);
        }
        List<String> notes = new ArrayList<>();
        rootLayers.forEach((root, at) -> notes.add(root + ": layer " + at.iterator().next()
                + name(history, at.iterator().next())));
        notes.add(ForbiddenFiles.VENV + ": layer " + venvLayers.iterator().next()
                + name(history, venvLayers.iterator().next()));
        return CheckResult.pass(id, title, roots.size() + " repository layer(s) + venv layer", notes);
    }

    private static String name(List<String> history, int layer) {
        return layer < history.size() && !history.get(layer).isEmpty() ? " '" + history.get(layer) + "'" : "";
    }

    private static int nextSlash(String p, int from) {
        int i = p.indexOf('/', from);
        return i < 0 ? p.length() : i;
    }

    /** The deepest locked root containing {@code path}, or null. */
    private static String owner(String path, Set<String> roots) {
        String best = null;
        for (String r : roots) {
            if ((path.equals(r) || path.startsWith(r + "/")) && (best == null || r.length() > best.length())) {
                best = r;
            }
        }
        return best;
    }
}
