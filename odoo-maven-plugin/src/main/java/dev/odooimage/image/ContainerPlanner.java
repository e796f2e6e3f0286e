package dev.odooimage.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.odooimage.contract.ImageLabels;
import dev.odooimage.contract.ImagePaths;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/** Plans user, entrypoint, environment, ports, volume and labels of the Odoo image. */
public final class ContainerPlanner {
    private ContainerPlanner() {
    }

    /** odoo-bin's image path: the setting, else the one the planner found. */
    public static String odooBin(ImageOptions o, LayerPlan layers) {
        String odooBin = o.odooBin() != null ? o.odooBin() : layers.odooBin();
        if (odooBin == null) {
            throw new OdooImageException("no aggregate has an odoo-bin at its top (aggregates: " + layers.aggregates()
                    + "); add the Odoo repository to repos.yaml, or name the Odoo launcher with the Jib extension"
                    + " property odooBin (an image path like " + ImagePaths.DEFAULT_ODOO_BIN + ")");
        }
        return odooBin;
    }

    /** The label values known before Jib runs (all but the base image), in image order. */
    public static Map<String, String> labels(ImageOptions o, String odooBin, List<String> aggregates) {
        Map<String, String> labels = new LinkedHashMap<>();
        put(labels, ImageLabels.SOURCE, o.source());
        put(labels, ImageLabels.REVISION, o.revision());
        put(labels, ImageLabels.VERSION, o.version());
        put(labels, ImageLabels.TITLE, o.title());
        put(labels, ImageLabels.ODOO_SERIES, o.odooSeries());
        labels.put(ImageLabels.REPOS_LOCK, digest(o.reposLock(), "the source lock (run odoo:lock)"));
        labels.put(ImageLabels.PYTHON_LOCK, digest(o.pythonLock(), "the Python lock (run odoo:python-lock)"));
        labels.put(ImageLabels.ODOO_BIN, odooBin);
        labels.put(ImageLabels.AGGREGATES, String.join(",", aggregates));
        return labels;
    }

    /**
     * @param baseImage the base image reference as configured in Jib ({@code <from><image>})
     */
    public static ContainerSettings plan(ImageHandoff h, String baseImage) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", h.path());
        // A uid without a passwd entry still needs a user name and HOME (getpass, libpq).
        env.put("USER", h.userName());
        env.put("LOGNAME", h.userName());
        env.put("HOME", ImagePaths.DATA);
        env.put("LANG", "C.UTF-8");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("ODOO_BIN", h.odooBin());

        Map<String, String> labels = new LinkedHashMap<>();
        for (String name : ImageLabels.ALL) {
            put(labels, name, name.equals(ImageLabels.BASE_IMAGE) ? baseImage : h.labels().get(name));
        }
        return new ContainerSettings(h.user().toString(), ImagePaths.DATA, List.of(ImagePaths.ENTRYPOINT), env, labels,
                List.of(8069, 8072), List.of(ImagePaths.DATA));
    }

    private static void put(Map<String, String> labels, String key, String value) {
        if (value != null && !value.isBlank()) {
            labels.put(key, value.trim());
        }
    }

    private static String digest(Path file, String what) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new OdooImageException(file + " is missing: the image records the digest of " + what);
        }
        return Digests.sha256Hex(file);
    }
}
