package dev.odooimage.imageprep;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import dev.odooimage.deploy.ImageRefFiles;
import dev.odooimage.image.LayerPlan;
import dev.odooimage.image.PlannedEntry;
import dev.odooimage.image.PlannedLayer;
import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;
import dev.odooimage.util.Stamp;

/**
 * Whether {@code target/jib-image.tar} already holds the image the current inputs would give, so
 * that a no-op {@code mvn package} need not rewrite it. The stamp is a sha256 over everything
 * the image depends on: the hand-off's bytes (which carry the digests of src.json, the locks, the
 * python-env and bytecode stamps), every planned layer entry (image path, mode, owner, and the
 * source's size and modification time, as the planner read them; a file right in the work directory
 * by its bytes), the base reference and, for a {@code tar://} base (the derived base with the
 * package layer), that file's size and modification time, the Jib configuration and properties,
 * and the versions (and jar identity) of this plugin and of Jib.
 *
 * <p>The stamp is recorded only after Jib wrote the tarball: {@code odoo:prepare-image} leaves
 * it in {@code stamps/image-tar.pending} when Jib must run, and {@code odoo:image-ref} (after Jib
 * in {@code package}) moves it into {@code stamps/image-tar} with the tarball's size and
 * modification time and the digest of {@code jib-image.json} — only when both files are newer
 * than the pending stamp, i.e. Jib really wrote them in this build.
 */
public final class ImageTarStamp {

    public static final String RECORD = "stamps/image-tar";
    public static final String PENDING = "stamps/image-tar.pending";
    private static final int FORMAT = 1;

    /**
     * What the image depends on besides the files of the plan.
     *
     * @param handoff         the hand-off file prepare-image just wrote
     * @param plan            the layers prepare-image planned
     * @param baseReference   the base image Jib will use ({@code jib.from.image}, else the pom's)
     * @param configuration   the jib-maven-plugin configuration and {@code jib.*} properties, as text
     * @param pluginIdentity  this plugin's version and jar identity
     * @param jibVersion      the jib-maven-plugin version
     */
    public record Inputs(Path handoff, LayerPlan plan, String baseReference, String configuration,
            String pluginIdentity, String jibVersion) {
    }

    private ImageTarStamp() {
    }

    /** The stamp of {@code in}, a sha256 in hex. */
    public static String compute(Inputs in) {
        MessageDigest md = Digests.sha256();
        Stamp.line(md, "format " + FORMAT);
        Stamp.line(md, "handoff " + (Files.isRegularFile(in.handoff()) ? Digests.sha256Hex(in.handoff()) : "absent"));
        Stamp.line(md, "base " + in.baseReference());
        if (in.baseReference() != null && in.baseReference().startsWith("tar://")) {
            Stamp.line(md, "base-file " + identity(Path.of(in.baseReference().substring("tar://".length()))));
        }
        Stamp.line(md, "configuration " + in.configuration());
        Stamp.line(md, "plugin " + in.pluginIdentity());
        Stamp.line(md, "jib " + in.jibVersion());
        Path work = in.handoff().toAbsolutePath().getParent();
        for (PlannedLayer l : in.plan().layers()) {
            Stamp.line(md, "layer " + l.name());
            for (PlannedEntry e : l.entries()) {
                Stamp.line(md, e.imagePath() + " " + e.octalMode() + " " + e.owner() + " " + e.source() + " "
                        + (e.directory() ? "dir" : e.stat() != null ? e.stat() : fileIdentity(work, e.source())));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Why the tarball may be kept, or empty when Jib must run: the recorded stamp equals
     * {@code stamp} and the tarball and jib-image.json are the ones recorded after that build.
     */
    public static Optional<String> upToDate(Path work, String stamp, Path tar, Path imageJson) {
        Properties r = Stamp.readRecord(work.resolve(RECORD));
        if (r == null || !stamp.equals(r.getProperty("stamp"))) {
            return Optional.empty();
        }
        if (!identity(tar).equals(r.getProperty("tar")) || !Files.isRegularFile(imageJson)
                || !Digests.sha256Hex(imageJson).equals(r.getProperty("imageJson"))) {
            return Optional.empty();
        }
        return Optional.of(tar.getFileName() + " is up to date (image " + r.getProperty("digest")
                + ", same inputs as when Jib wrote it)");
    }

    /** Jib must run: the record goes (a failed build leaves none), the new stamp waits for Jib. */
    public static void pending(Path work, String stamp) {
        try {
            Files.deleteIfExists(work.resolve(RECORD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.setProperty("stamp", stamp);
        write(work.resolve(PENDING), p);
    }

    /**
     * After Jib: records the pending stamp with the tarball's identity when Jib wrote both
     * files after the stamp was computed; returns whether it recorded.
     */
    public static boolean record(Path work, Path tar, Path imageJson) {
        Path pending = work.resolve(PENDING);
        Properties p = Stamp.readRecord(pending);
        if (p == null || p.getProperty("stamp") == null || !Files.isRegularFile(tar) || !Files.isRegularFile(imageJson)) {
            return false;
        }
        try {
            long since = Files.getLastModifiedTime(pending).toMillis();
            if (Files.getLastModifiedTime(tar).toMillis() < since
                    || Files.getLastModifiedTime(imageJson).toMillis() < since) {
                return false; // Jib did not write them in this build (skipped by the user)
            }
            Properties r = new Properties();
            r.setProperty("stamp", p.getProperty("stamp"));
            r.setProperty("tar", identity(tar));
            r.setProperty("imageJson", Digests.sha256Hex(imageJson));
            r.setProperty("digest", ImageRefFiles.read(imageJson).digest());
            write(work.resolve(RECORD), r);
            Files.delete(pending);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file of a tree by its stat data (no read: trees have tens of thousands of files); a file
     * right in the work directory (addons_path) by its bytes, as the goal that writes it
     * rewrites it in every build.
     */
    private static String fileIdentity(Path work, Path source) {
        Path abs = source.toAbsolutePath();
        if (work.equals(abs.getParent()) && Files.isRegularFile(abs)) {
            return "sha256 " + Digests.sha256Hex(abs);
        }
        return identity(source);
    }

    /** {@code size mtime-in-ns} of a file ({@link PlannedEntry#stat}), or {@code absent}. */
    static String identity(Path file) {
        try {
            return PlannedEntry.stat(Files.readAttributes(file, BasicFileAttributes.class));
        } catch (IOException e) {
            return "absent";
        }
    }

    private static void write(Path file, Properties p) {
        StringWriter out = new StringWriter();
        Map<Object, Object> sorted = new TreeMap<>(p);
        sorted.forEach((k, v) -> out.write(k + "=" + v + "\n"));
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeString(file, out.toString());
    }
}
