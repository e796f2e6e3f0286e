package dev.odooimage.its;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.odooimage.its.kit.Skips;

/**
 * What the odoo-maven-plugin installed for this build contains: lets an end-to-end test that
 * spans every goal run as far as the merged branches allow, and say loudly what is missing.
 */
final class InstalledPlugin {
    private InstalledPlugin() {
    }

    static Path jar() {
        String version = ItsMaven.projectVersion();
        return Path.of(System.getProperty("its.local.repo"), "dev", "odooimage", "odoo-maven-plugin", version,
                "odoo-maven-plugin-" + version + ".jar");
    }

    /** Skips (loudly) the rest of the calling test unless every goal and class exists. */
    static void require(List<String> goals, List<String> classes) {
        List<String> missing = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar().toFile())) {
            String descriptor = read(zip, "META-INF/maven/plugin.xml");
            for (String goal : goals) {
                if (!descriptor.contains("<goal>" + goal + "</goal>")) {
                    missing.add("goal odoo:" + goal);
                }
            }
            for (String cls : classes) {
                if (zip.getEntry(cls.replace('.', '/') + ".class") == null) {
                    missing.add("class " + cls);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar(), e);
        }
        Skips.require(missing.isEmpty() ? null : "this build's plugin lacks " + String.join(", ", missing)
                + " (not merged yet); the steps before this point passed");
    }

    private static String read(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        return entry == null ? "" : new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
    }
}
