package dev.odooimage.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import dev.odooimage.contract.ImagePaths;
import dev.odooimage.util.AtomicFiles;

/**
 * Writes the runtime scripts shipped in the plugin jar ({@code /runtime/*}) to a build dir,
 * with the image paths filled in from {@link ImagePaths} (the scripts name them as
 * {@code @IMAGE_...@} placeholders, so that each path is defined once).
 */
public final class RuntimeScripts {
    /** Placeholder -> image path. */
    static final Map<String, String> PLACEHOLDERS = Map.of(
            "@IMAGE_PYTHON@", ImagePaths.PYTHON,
            "@IMAGE_DATA@", ImagePaths.DATA,
            "@IMAGE_DEFAULT_ODOO_BIN@", ImagePaths.DEFAULT_ODOO_BIN,
            "@IMAGE_ADDONS_PATH@", ImagePaths.ADDONS_PATH,
            "@IMAGE_ADDON_DIGESTS@", ImagePaths.ADDON_DIGESTS,
            "@IMAGE_RUN@", ImagePaths.RUN);

    private RuntimeScripts() {
    }

    /** Writes each script to {@code dir} (rewriting only changed ones) and returns {@code dir}. */
    public static Path extract(Path dir) {
        for (String name : ImagePaths.SCRIPTS) {
            try {
                byte[] content = render(name).getBytes(StandardCharsets.UTF_8);
                Path target = dir.resolve(name);
                if (!Files.isRegularFile(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
                    AtomicFiles.write(target, content);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** The script {@code name} as the image gets it. */
    static String render(String name) throws IOException {
        String text;
        try (InputStream in = RuntimeScripts.class.getResourceAsStream("/runtime/" + name)) {
            if (in == null) {
                throw new IllegalStateException("runtime script /runtime/" + name + " missing from the plugin jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> p : PLACEHOLDERS.entrySet()) {
            text = text.replace(p.getKey(), p.getValue());
        }
        if (text.contains("@IMAGE_")) {
            throw new IllegalStateException("runtime script /runtime/" + name + " names an unknown image path"
                    + " placeholder near '" + text.substring(text.indexOf("@IMAGE_"),
                            Math.min(text.length(), text.indexOf("@IMAGE_") + 40)) + "'");
        }
        return text;
    }
}
