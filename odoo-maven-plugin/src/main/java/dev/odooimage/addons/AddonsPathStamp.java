package dev.odooimage.addons;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;
import dev.odooimage.util.Stamp;

/**
 * Whether {@code addons_path}, {@code addons.json} and {@code addons.digests} are already what
 * {@link AddonsPathService#generate} would write, so that a no-op build need not scan every
 * manifest and digest every addon again. The key covers everything the step reads: the bytes of
 * {@code src.json} (the tree digest of every aggregate), the options, the bytes of the Python
 * inputs, and the caller's identity (plugin version and jar). It only stands for the files under
 * {@code src/} when the caller knows src/ has the digests src.json records: the aggregate goal
 * verified them in this very build. The record also keeps the messages and the summary of the
 * run that wrote the files, so a skipped run reports the same.
 */
public final class AddonsPathStamp {
    public static final String FILE = "stamps/addons-path";
    private static final int FORMAT = 1;
    private static final List<String> OUTPUTS = List.of(AddonsPathService.ADDONS_PATH_FILE,
            AddonsPathService.ADDONS_JSON_FILE, AddonsPathService.ADDONS_DIGESTS_FILE);

    /** What a skipped run reports: the recorded messages, addon count and addons_path entries. */
    public record Replay(List<String> infos, List<String> warnings, int addons, List<String> roots) {
    }

    private AddonsPathStamp() {
    }

    /** The key of a run with {@code o} over the sources src.json describes, a sha256 in hex. */
    public static String key(AddonsPathService.Options o, Path srcJson, String callerIdentity) {
        MessageDigest md = Digests.sha256();
        Stamp.line(md, "format " + FORMAT);
        Stamp.line(md, "caller " + callerIdentity);
        Stamp.line(md, "src.json " + sha(srcJson));
        Stamp.line(md, "srcDir " + o.srcDir().toAbsolutePath().normalize());
        Stamp.line(md, "aggregates " + o.aggregates());
        Stamp.line(md, "imageSourceRoot " + o.imageSourceRoot());
        Stamp.line(md, "nestedDepth " + o.nestedDepth());
        Stamp.line(md, "series " + o.series());
        Stamp.line(md, "strictVersions " + o.strictVersions());
        Stamp.line(md, "licensePolicy " + o.licensePolicy().id());
        Stamp.line(md, "displayBase " + o.displayBase());
        for (Path p : o.pythonInputs()) {
            Stamp.line(md, "python " + p.toAbsolutePath().normalize() + " " + sha(p));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The recorded run when its key is {@code key} and the outputs still hold the bytes it wrote. */
    public static Optional<Replay> upToDate(Path workDir, String key) {
        Properties r = Stamp.readRecord(workDir.resolve(FILE));
        if (r == null || !key.equals(r.getProperty("key"))) {
            return Optional.empty();
        }
        for (String out : OUTPUTS) {
            if (!sha(workDir.resolve(out)).equals(r.getProperty("out." + out))) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new Replay(list(r, "info"), list(r, "warning"), Integer.parseInt(r.getProperty("addons")),
                    list(r, "root")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Records the run that just wrote the outputs with {@code key}. */
    public static void record(Path workDir, String key, Diagnostics diag, Inventory inv, String imageSourceRoot) {
        Properties p = new Properties();
        p.setProperty("key", key);
        for (String out : OUTPUTS) {
            p.setProperty("out." + out, sha(workDir.resolve(out)));
        }
        put(p, "info", diag.infos());
        put(p, "warning", diag.warnings());
        p.setProperty("addons", Integer.toString(inv.addons().size()));
        put(p, "root", inv.roots().stream().map(r -> r.imagePath(imageSourceRoot)).toList());
        StringWriter text = new StringWriter();
        try {
            p.store(text, null);
            Files.createDirectories(workDir.resolve(FILE).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.writeString(workDir.resolve(FILE), text.toString());
    }

    /** The record goes before the outputs change: a failed run leaves none. */
    public static void invalidate(Path workDir) {
        try {
            Files.deleteIfExists(workDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + workDir.resolve(FILE), e);
        }
    }

    private static void put(Properties p, String name, List<String> values) {
        p.setProperty(name + ".count", Integer.toString(values.size()));
        for (int i = 0; i < values.size(); i++) {
            p.setProperty(name + "." + i, values.get(i));
        }
    }

    private static List<String> list(Properties p, String name) {
        int n = Integer.parseInt(p.getProperty(name + ".count", "x"));
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String v = p.getProperty(name + "." + i);
            if (v == null) {
                throw new NumberFormatException("missing " + name + "." + i);
            }
            out.add(v);
        }
        return out;
    }

    private static String sha(Path file) {
        return Files.isRegularFile(file) ? Digests.sha256Hex(file) : "absent";
    }

}
