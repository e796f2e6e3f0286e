package dev.odooimage.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.OdooImageException;

/**
 * Writes where deployments pick up the image this build made, by digest, so that no
 * deployment runs a moving tag: {@code image.env} (compose, scripts) and a kustomize
 * Component with an {@code images:} entry (the overlays include it). Read from Jib's own
 * record of the build, {@code target/jib-image.json} ({@code image}, {@code imageDigest}),
 * which {@code jib:buildTar} and {@code jib:build} both write; the digest is the same for
 * the tarball and the pushed image.
 */
public final class ImageRefFiles {
    public static final String ENV_FILE = "image.env";
    public static final String KUSTOMIZE_DIR = "kustomize";
    /** The image name the archetype's manifests use; the Component replaces it. */
    public static final String PLACEHOLDER = "odoo-image";
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    /**
     * The image as built.
     *
     * @param name   registry and repository, without tag ({@code ghcr.io/acme/odoo})
     * @param tag    the human tag, or null
     * @param digest {@code sha256:...}
     */
    public record BuiltImage(String name, String tag, String digest) {
        /** {@code name:tag@digest}: the tag for people, the digest for the runtime. */
        public String reference() {
            return name + (tag != null ? ":" + tag : "") + "@" + digest;
        }
    }

    private ImageRefFiles() {
    }

    /** Reads Jib's {@code jib-image.json}; errors name the file and the key. */
    public static BuiltImage read(Path jibImageJson) {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(jibImageJson.toFile());
        } catch (IOException e) {
            throw new OdooImageException(jibImageJson + " cannot be read (" + e.getMessage() + "); run Jib again"
                    + " (mvn package)");
        }
        String image = text(json, "image", jibImageJson);
        String digest = text(json, "imageDigest", jibImageJson);
        if (!DIGEST.matcher(digest).matches()) {
            throw new OdooImageException(jibImageJson + ": imageDigest '" + digest + "' is not sha256:<64 hex>");
        }
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String tag = null;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        return new BuiltImage(name, tag, digest);
    }

    private static String text(JsonNode json, String key, Path file) {
        JsonNode n = json == null ? null : json.get(key);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new OdooImageException(file + " has no '" + key + "'; is it Jib's jib-image.json? Run mvn package");
        }
        return n.asText().trim();
    }

    /** Writes {@code image.env} and {@code kustomize/kustomization.yaml} under {@code workDir}. */
    public static void write(BuiltImage image, Path workDir) {
        AtomicFiles.writeStringIfChanged(workDir.resolve(ENV_FILE), env(image));
        try {
            Files.createDirectories(workDir.resolve(KUSTOMIZE_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir.resolve(KUSTOMIZE_DIR), e);
        }
        AtomicFiles.writeStringIfChanged(workDir.resolve(KUSTOMIZE_DIR).resolve("kustomization.yaml"), component(image));
    }

    static String env(BuiltImage image) {
        return "# Written by odoo:image-ref from Jib's jib-image.json: the image this build made, by digest.\n"
                + "IMAGE=" + image.reference() + "\n"
                + "IMAGE_NAME=" + image.name() + "\n"
                + (image.tag() != null ? "IMAGE_TAG=" + image.tag() + "\n" : "")
                + "IMAGE_DIGEST=" + image.digest() + "\n";
    }

    static String component(BuiltImage image) {
        return "# Written by odoo:image-ref: the image this build made, by digest (the tag is for people).\n"
                + "# deploy/kubernetes overlays include this Component; it replaces the image '" + PLACEHOLDER
                + "'.\n"
                + "apiVersion: kustomize.config.k8s.io/v1alpha1\n"
                + "kind: Component\n"
                + "images:\n"
                + "  - name: " + PLACEHOLDER + "\n"
                + "    newName: " + image.name() + "\n"
                + (image.tag() != null ? "    newTag: \"" + image.tag() + "\"\n" : "")
                + "    digest: " + image.digest() + "\n";
    }
}
