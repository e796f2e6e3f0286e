package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.odooimage.contract.ImagePaths;

/**
 * The archetype's deployment files (Compose, Kubernetes) and generated README spell the image's
 * paths themselves (they are YAML and Markdown, not code). Every image path they name must be one
 * {@link ImagePaths} defines, so that moving a path in the contract fails here instead of in a
 * client's cluster.
 */
class DeployPathsTest {
    private static final Path TEMPLATES = Path.of("..", "odoo-image-archetype", "src", "main", "resources",
            "archetype-resources");
    /** Image paths: the data, run, source, venv, configuration and command directories of the contract. */
    private static final Pattern IMAGE_PATH = Pattern.compile(
            "(?<![\\w/.-])/(?:var/lib|run|opt|etc|usr/local/bin)/odoo[\\w./-]*|(?<![\\w/.-])/usr/local/bin/odoo-[\\w-]+");

    @Test
    void everyImagePathTheDeploymentFilesNameIsOneTheContractDefines() throws IOException {
        Set<String> allowed = new TreeSet<>(List.of(ImagePaths.DATA, ImagePaths.RUN, ImagePaths.SRC, ImagePaths.VENV,
                ImagePaths.ADDONS_PATH, ImagePaths.ADDON_DIGESTS, ImagePaths.PYTHON,
                ImagePaths.RUN + "/odoo-runtime.conf"));
        ImagePaths.SCRIPTS.forEach(s -> allowed.add(ImagePaths.BIN + "/" + s));
        List<String> found = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEMPLATES.resolve("deploy"))) {
            for (Path f : Stream.concat(files.filter(Files::isRegularFile), Stream.of(TEMPLATES.resolve("README.md")))
                    .toList()) {
                Matcher m = IMAGE_PATH.matcher(Files.readString(f));
                while (m.find()) {
                    String p = m.group().replaceAll("[.]+$", "");
                    // The deployment's own files under /etc/odoo (its odoo.conf) are not image paths.
                    if (p.startsWith(ImagePaths.ETC + "/instance")) {
                        continue;
                    }
                    found.add(p);
                    if (!allowed.contains(p) && !p.startsWith(ImagePaths.DATA + "/")) {
                        unknown.add(TEMPLATES.relativize(f) + ": " + p);
                    }
                }
            }
        }
        assertTrue(found.contains(ImagePaths.DATA) && found.contains(ImagePaths.RUN), "the deployment files mount "
                + ImagePaths.DATA + " and " + ImagePaths.RUN + ": " + found);
        assertEquals(List.of(), unknown, "paths the image contract (ImagePaths) does not define");
    }
}
