package dev.odooimage.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/** Plans user, entrypoint, environment, ports, volume and labels of the Odoo image. */
public final class ContainerPlanner {
    public static final String LABEL_PREFIX = "dev.odooimage.";

    private ContainerPlanner() {
    }

    /**
     * @param baseImage the base image reference as configured in Jib ({@code <from><image>})
     */
    public static ContainerSettings plan(ImageOptions o, LayerPlan layers, String baseImage) {
        String odooBin = o.odooBin() != null ? o.odooBin() : layers.odooBin();
        if (odooBin == null) {
            throw new OdooImageException("no aggregate has an odoo-bin at its top (aggregates: " + layers.aggregates()
                    + "); add the Odoo repository to repos.yaml, or name the Odoo launcher with the Jib extension"
                    + " property odooBin (an image path like /opt/odoo/src/odoo/odoo-bin)");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", o.path());
        // A uid without a passwd entry still needs a user name and HOME (getpass, libpq).
        env.put("USER", o.userName());
        env.put("LOGNAME", o.userName());
        env.put("HOME", ImagePaths.DATA);
        env.put("LANG", "C.UTF-8");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("ODOO_BIN", odooBin);

        Map<String, String> labels = new LinkedHashMap<>();
        put(labels, "org.opencontainers.image.source", o.source());
        put(labels, "org.opencontainers.image.revision", o.revision());
        put(labels, "org.opencontainers.image.version", o.version());
        put(labels, "org.opencontainers.image.title", o.title());
        put(labels, LABEL_PREFIX + "odoo.series", o.odooSeries());
        labels.put(LABEL_PREFIX + "repos-lock.sha256", digest(o.reposLock(), "the source lock (run odoo:lock)"));
        labels.put(LABEL_PREFIX + "python-lock.sha256",
                digest(o.pythonLock(), "the Python lock (run odoo:python-lock)"));
        put(labels, LABEL_PREFIX + "base-image", baseImage);
        labels.put(LABEL_PREFIX + "odoo-bin", odooBin);
        labels.put(LABEL_PREFIX + "aggregates", String.join(",", layers.aggregates()));

        return new ContainerSettings(o.user().toString(), ImagePaths.DATA, List.of(ImagePaths.ENTRYPOINT), env, labels,
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
