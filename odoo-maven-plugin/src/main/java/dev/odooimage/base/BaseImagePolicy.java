package dev.odooimage.base;

import java.util.Optional;

import dev.odooimage.util.OdooImageException;

/**
 * The rule behind {@code odoo:check-base}: a build uses its base image by digest, never
 * by a tag alone, because a tag can be moved and the same commit would then build a
 * different image. An explicit opt-out exists for local experiments.
 */
public final class BaseImagePolicy {
    private BaseImagePolicy() {
    }

    /**
     * Checks the base image the build will use.
     *
     * @param reference      the effective base image reference
     * @param where          where it comes from, for messages (file and property)
     * @param allowUnpinned  the user's explicit opt-out
     * @return a warning to log when the opt-out let an unpinned base through
     * @throws OdooImageException when the base is not pinned and no opt-out was given
     */
    public static Optional<String> check(String reference, String where, boolean allowUnpinned) {
        String value = reference == null ? "" : reference.trim();
        if (value.isEmpty()) {
            throw new OdooImageException(where + " is empty: set it to the base image, e.g. "
                    + "docker.io/library/python:3.10.20-slim-trixie, then run mvn odoo:pin-base");
        }
        boolean registryImage = !value.contains("://") || value.startsWith("registry://");
        if (registryImage) {
            ImageReference image = ImageReference.parse(value, where);
            if (image.isPinned()) {
                return Optional.empty();
            }
        }
        String problem = registryImage
                ? "the base image " + value + " (" + where + ") is not pinned by digest: its tag can move, so this "
                        + "commit could build a different image tomorrow"
                : "the base image " + value + " (" + where + ") is not a registry image and cannot be pinned by digest";
        if (allowUnpinned) {
            return Optional.of(problem + "; building anyway because of -Dodoo.base.allowUnpinned (never release this)");
        }
        throw new OdooImageException(problem + ". Run `mvn odoo:pin-base` and commit pom.xml"
                + (registryImage ? "" : " after pointing it at a registry image")
                + " (for a local experiment only: -Dodoo.base.allowUnpinned).");
    }
}
