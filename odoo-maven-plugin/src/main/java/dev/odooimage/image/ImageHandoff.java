package dev.odooimage.image;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * What {@code odoo:prepare-image} hands to the Jib extension: one {@code java.util.Properties}
 * file, {@code target/odoo/image-handoff.properties}, so that the extension (which runs in
 * Jib's class loader, with the JDK and no library) reads everything it needs in one place and
 * never parses JSON or git. It holds the resolved container settings, the layer inputs, the
 * label values, the settings prepare-image saw and a sha256 of each file it read, so that a
 * hand-off older than its inputs is refused rather than built into an image.
 *
 * @param user      numeric runtime user
 * @param userName  {@code USER}/{@code LOGNAME} of the process
 * @param path      the image's {@code PATH}
 * @param odooBin   image path of odoo-bin
 * @param layers    aggregates in lock order and the fresh bytecode trees
 * @param labels    label name -> value (all but the base image, which Jib's configuration names)
 * @param settings  the settings prepare-image resolved ({@link ImageSettings})
 * @param inputs    file (relative to the work directory) -> sha256, or {@code absent}
 */
public record ImageHandoff(Ownership user, String userName, String path, String odooBin, LayerInputs layers,
        Map<String, String> labels, Map<String, String> settings, Map<String, String> inputs) {

    public static final String FILE = "image-handoff.properties";
    static final int FORMAT = 1;
    static final String ABSENT = "absent";
    private static final String HEADER = "# Written by odoo:prepare-image, read by the Jib extension OdooJibExtension"
            + " (docs/image.md). Do not edit: run `mvn package`.\n";

    public ImageHandoff {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        inputs = Collections.unmodifiableMap(new TreeMap<>(inputs));
    }

    /** The fingerprint of {@code file} as {@link #inputs} records it. */
    public static String fingerprint(Path file) {
        return Files.isRegularFile(file) ? Digests.sha256Hex(file) : ABSENT;
    }

    /** Writes the hand-off into {@code workDir} (atomically; same content for the same inputs). */
    public void write(Path workDir) {
        Properties p = new Properties();
        p.setProperty("format", String.valueOf(FORMAT));
        p.setProperty("user", user.toString());
        p.setProperty("userName", userName);
        p.setProperty("path", path);
        p.setProperty("odooBin", odooBin);
        list(p, "aggregate.", layers.aggregates());
        list(p, "bytecode.", layers.bytecode());
        List<String> labelNames = new ArrayList<>(labels.keySet());
        list(p, "labelOrder.", labelNames);
        labels.forEach((k, v) -> p.setProperty("label." + k, v));
        settings.forEach((k, v) -> p.setProperty("setting." + k, v));
        inputs.forEach((k, v) -> p.setProperty("input." + k, v));
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // store() writes a date comment and hash order: drop the one, sort the other (one entry per line).
        List<String> lines = new ArrayList<>(out.toString().lines().filter(l -> !l.startsWith("#")).toList());
        Collections.sort(lines);
        AtomicFiles.writeString(workDir.resolve(FILE), HEADER + String.join("\n", lines) + "\n");
    }

    /** Reads the hand-off of {@code workDir}; a missing or unreadable one names the goal that writes it. */
    public static ImageHandoff read(Path workDir) {
        Path file = workDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new OdooImageException(file + " is missing: the Jib extension builds the image from what"
                    + " odoo:prepare-image prepared. Run `mvn package` (odoo:prepare-image runs at prepare-package),"
                    + " or add odoo:prepare-image before jib:build / jib:buildTar on the command line");
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new OdooImageException(file + " cannot be read (" + e.getMessage() + "): run `mvn package`"
                    + " (odoo:prepare-image) again");
        }
        if (!String.valueOf(FORMAT).equals(p.getProperty("format"))) {
            throw stale(file, "it has format " + p.getProperty("format") + ", this plugin reads format " + FORMAT
                    + " (written by another plugin version)");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String name : list(p, "labelOrder.")) {
            labels.put(name, require(p, file, "label." + name));
        }
        return new ImageHandoff(Ownership.parse(require(p, file, "user"), file + " user"),
                require(p, file, "userName"), require(p, file, "path"), require(p, file, "odooBin"),
                new LayerInputs(list(p, "aggregate."), list(p, "bytecode.")), labels, prefixed(p, "setting."),
                prefixed(p, "input."));
    }

    /**
     * Refuses a hand-off that no longer describes the build: a setting the extension sees
     * differs from the one prepare-image saw, or a file it read has changed since.
     */
    public void checkCurrent(ImageSettings seen, Path workDir) {
        Path file = workDir.resolve(FILE);
        for (String name : ImageSettings.NAMES) {
            String then = settings.get(name);
            String now = seen.get(name);
            if (!Objects.equals(then, now)) {
                throw stale(file, "the setting " + name + " is " + describe(now) + " for Jib but was " + describe(then)
                        + " when odoo:prepare-image ran");
            }
        }
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            Path input = workDir.resolve(e.getKey()).normalize();
            if (!e.getValue().equals(fingerprint(input))) {
                throw stale(file, input + (ABSENT.equals(e.getValue()) ? " appeared" : " changed")
                        + " after odoo:prepare-image ran");
            }
        }
    }

    private static OdooImageException stale(Path file, String why) {
        return new OdooImageException(file + " is stale: " + why + ". Run `mvn package` again (odoo:prepare-image"
                + " rewrites it), with the same settings as the Jib build");
    }

    private static String describe(String v) {
        return v == null ? "unset" : "'" + v + "'";
    }

    private static void list(Properties p, String prefix, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            p.setProperty(prefix + i, values.get(i));
        }
    }

    private static List<String> list(Properties p, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 0; p.getProperty(prefix + i) != null; i++) {
            out.add(p.getProperty(prefix + i));
        }
        return out;
    }

    private static Map<String, String> prefixed(Properties p, String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), p.getProperty(k));
            }
        }
        return out;
    }

    private static String require(Properties p, Path file, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw stale(file, "it has no " + key);
        }
        return v;
    }
}
