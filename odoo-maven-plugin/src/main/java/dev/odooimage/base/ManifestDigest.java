package dev.odooimage.base;

/**
 * What a tag points to: the digest of its manifest (an image index / manifest list for
 * multi-platform images, else the image manifest) and that manifest's media type.
 */
public record ManifestDigest(String digest, String mediaType) {
}
