package dev.odooimage.image;

import java.nio.file.Path;

/**
 * One file or directory of an image layer: where its bytes come from on the build host,
 * where it goes in the image, its mode bits and its numeric owner. Timestamps are not
 * part of the plan: every entry gets Jib's fixed modification time.
 */
public record PlannedEntry(Path source, String imagePath, int mode, Ownership owner, boolean directory) {

    public String octalMode() {
        return String.format("%03o", mode);
    }
}
