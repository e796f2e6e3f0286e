package dev.odooimage.image;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * One file or directory of an image layer: where its bytes come from on the build host,
 * where it goes in the image, its mode bits and its numeric owner. Timestamps are not
 * part of the plan: every entry gets Jib's fixed modification time.
 *
 * @param stat the source's {@link #stat(BasicFileAttributes) size and modification time} as the
 *             planner read them (one attribute read per entry, reused by the image-tar stamp), or
 *             null when the planner did not stat it (then whoever needs it reads it)
 */
public record PlannedEntry(Path source, String imagePath, int mode, Ownership owner, boolean directory, String stat) {

    public PlannedEntry(Path source, String imagePath, int mode, Ownership owner, boolean directory) {
        this(source, imagePath, mode, owner, directory, null);
    }

    /** {@code 0755} as {@code "755"} (three digits at least). */
    public String octalMode() {
        String s = Integer.toOctalString(mode);
        return s.length() >= 3 ? s : "000".substring(s.length()) + s;
    }

    /** {@code size mtime-in-ns} of a regular file, {@code other} appended for anything else. */
    public static String stat(BasicFileAttributes a) {
        return a.size() + " " + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + (a.isRegularFile() ? "" : " other");
    }
}
