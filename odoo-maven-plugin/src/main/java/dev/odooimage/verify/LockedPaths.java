package dev.odooimage.verify;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import dev.odooimage.util.OdooImageException;

/**
 * The aggregate paths of repos.lock.yaml (its top-level keys, "./oca/web" -> "oca/web"),
 * in lock order: all odoo:verify needs from the lock; the full model is read by the
 * repos package.
 */
public final class LockedPaths {
    private LockedPaths() {
    }

    /** The relative paths, or null when the lock file does not exist. */
    public static List<String> read(Path lockFile) {
        if (!Files.isRegularFile(lockFile)) {
            return null;
        }
        Object doc;
        try (Reader r = Files.newBufferedReader(lockFile, StandardCharsets.UTF_8)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException e) {
            throw new OdooImageException("cannot read " + lockFile + ": " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new OdooImageException(lockFile + " is not valid YAML: " + e.getMessage()
                    + "; regenerate it with `mvn odoo:lock`", e);
        }
        if (doc == null) {
            return List.of();
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new OdooImageException(lockFile + ": the top level must map aggregate paths to repositories;"
                    + " regenerate it with `mvn odoo:lock`");
        }
        List<String> paths = new ArrayList<>();
        for (Object key : map.keySet()) {
            String p = LayerEntry.normalise(String.valueOf(key));
            paths.add(p.equals("/") ? "" : p.substring(1));
        }
        return List.copyOf(paths);
    }
}
