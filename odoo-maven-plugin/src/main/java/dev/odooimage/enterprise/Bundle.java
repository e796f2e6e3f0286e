package dev.odooimage.enterprise;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * A source bundle after {@link BundleReader} checked every entry: its identity (the facts the
 * mirror README records) and its layout.
 *
 * @param file            the bundle on disk
 * @param size            byte size of the file
 * @param sha256          hex SHA-256 of the file
 * @param date            the newest entry's modification time (when Odoo built the bundle): a
 *                        fact of the content, so the same bundle gives the same README block
 * @param format          tar.gz, tar or zip
 * @param top             the top directory holding the addon roots ("" when they sit at the top)
 * @param roots           the addon roots found under {@code top}, of {@code odoo/addons} and {@code addons}
 * @param modules         module name -> its directory relative to {@code top} (e.g. {@code addons/sale})
 * @param entries         how many entries the archive holds
 * @param outsideModules  files that belong to no module (Odoo's core files): never imported
 * @param hardlinkTargets archive names that hard links point to (their content is kept for the links)
 * @param series          the Odoo series of the bundle's {@code odoo/release.py}, or null when it has none
 */
public record Bundle(Path file, long size, String sha256, Instant date, String format, String top,
        List<String> roots, SortedMap<String, String> modules, int entries, int outsideModules,
        Set<String> hardlinkTargets, String series) {

    public Bundle {
        roots = List.copyOf(roots);
        modules = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(modules));
        hardlinkTargets = Set.copyOf(hardlinkTargets);
    }

    /** The file name, as Odoo named the download. */
    public String fileName() {
        return file.getFileName().toString();
    }

    /**
     * The module a bundle entry belongs to, and its path inside the module ({@code null} when
     * the entry is outside every module). {@code name} is a normalised archive name.
     */
    String[] moduleOf(String name) {
        String rel = top.isEmpty() ? name : name.startsWith(top + "/") ? name.substring(top.length() + 1) : null;
        if (rel == null) {
            return null;
        }
        for (String root : roots) {
            if (rel.startsWith(root + "/")) {
                String rest = rel.substring(root.length() + 1);
                int slash = rest.indexOf('/');
                String module = slash < 0 ? rest : rest.substring(0, slash);
                if ((root + "/" + module).equals(modules.get(module))) {
                    return new String[] {module, slash < 0 ? "" : rest.substring(slash + 1)};
                }
            }
        }
        return null;
    }
}
