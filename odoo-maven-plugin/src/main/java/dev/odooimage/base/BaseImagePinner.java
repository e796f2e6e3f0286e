package dev.odooimage.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.OdooImageException;

/**
 * {@code odoo:pin-base}: turns the pom's base image tag into {@code tag@sha256:digest}
 * (tools/update-base-image-digest of the contract). The human tag stays readable; the
 * digest is what builds use. An already pinned reference is left alone unless a refresh
 * is asked for; a refresh moves the digest only when the tag now points elsewhere. Only
 * the property's text changes; the pom is replaced atomically.
 */
public final class BaseImagePinner {

    /** Resolves a tag to the digest it points to now (the registry, in production). */
    @FunctionalInterface
    public interface Resolver {
        ManifestDigest resolve(ImageReference image);
    }

    /**
     * @param before   the reference found in the pom
     * @param after    the reference the pom holds now
     * @param resolved whether the registry was asked
     */
    public record Result(ImageReference before, ImageReference after, boolean resolved) {
        public boolean changed() {
            return !before.text().equals(after.text());
        }
    }

    private final Resolver resolver;

    public BaseImagePinner(Resolver resolver) {
        this.resolver = resolver;
    }

    public Result pin(Path pom, String property, boolean refresh) {
        String text = read(pom);
        PomProperty located = PomProperty.find(text, property, pom);
        String where = pom + " line " + located.line() + " <" + property + ">";
        ImageReference current = ImageReference.parse(located.value(), where);
        if (current.isPinned() && !refresh) {
            return new Result(current, current, false);
        }
        if (current.tag() == null) {
            throw new OdooImageException(where + ": '" + current + "' has a digest but no tag, so there is "
                    + "nothing to refresh from; write the human tag before the digest (repository:tag@sha256:...)");
        }
        ManifestDigest resolved = resolver.resolve(current);
        if (resolved.digest().equals(current.digest())) {
            return new Result(current, current, true);
        }
        ImageReference pinned = current.withDigest(resolved.digest());
        AtomicFiles.writeString(pom, located.replaceIn(text, pinned.text()));
        return new Result(current, pinned, true);
    }

    private static String read(Path pom) {
        if (!Files.isRegularFile(pom)) {
            throw new OdooImageException(pom + " does not exist; run odoo:pin-base in the image repository");
        }
        try {
            return Files.readString(pom, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom, e);
        }
    }
}
