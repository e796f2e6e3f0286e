package dev.odooimage.verify;

import java.util.List;
import java.util.Map;

/**
 * Everything {@link ImageReader} learnt from one image tarball in its passes.
 *
 * @param format      "docker" (docker save layout) or "oci" (OCI image layout)
 * @param imageId     the config digest ("sha256:...")
 * @param config      the image configuration
 * @param layers      per layer (bottom first): its entries in tar order
 * @param contents    per layer: the bytes of the files the reader was asked to capture
 * @param secretHits  where secrets were found (labels only, never values)
 * @param elves       per layer: the dynamic section of the ELF files the reader was asked to inspect
 */
public record ImageSnapshot(String format, String imageId, ImageConfig config, List<List<LayerEntry>> layers,
        List<Map<String, byte[]>> contents, List<SecretHit> secretHits,
        List<Map<String, dev.odooimage.system.ElfDynamic>> elves) {

    /**
     * A secret found in the tarball.
     *
     * @param secret    the secret's label (where it came from)
     * @param location  where it was found: "layer 3 (blobs/sha256/ab12…) /opt/odoo/src/x/y.py",
     *                  or the tarball entry name for metadata
     */
    public record SecretHit(String secret, String location) {
    }

    /** The image as the container sees it: every layer applied in order, whiteouts honoured. */
    public ImageFilesystem filesystem() {
        return ImageFilesystem.apply(layers, contents);
    }
}
