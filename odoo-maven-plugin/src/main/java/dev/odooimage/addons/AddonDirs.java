package dev.odooimage.addons;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** File-system rules shared by root discovery and addon scanning. */
final class AddonDirs {
    static final String MANIFEST = "__manifest__.py";
    static final String LEGACY_MANIFEST = "__openerp__.py";

    private AddonDirs() {
    }

    /** Odoo's own rule: a package ({@code __init__.py}) with a manifest. */
    static boolean isAddon(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("__init__.py")) && manifestFile(dir) != null;
    }

    /** {@code __manifest__.py}, else {@code __openerp__.py}, else null. */
    static Path manifestFile(Path dir) {
        Path m = dir.resolve(MANIFEST);
        if (Files.isRegularFile(m)) {
            return m;
        }
        Path legacy = dir.resolve(LEGACY_MANIFEST);
        return Files.isRegularFile(legacy) ? legacy : null;
    }

    /** True for the Odoo repository: {@code odoo-bin} plus {@code odoo/addons/base}. */
    static boolean isOdooRepository(Path dir) {
        return Files.isRegularFile(dir.resolve("odoo-bin")) && Files.isDirectory(dir.resolve("odoo/addons/base"));
    }

    /**
     * Sub-directories in name order (deterministic on every file system), without hidden
     * folders and caches. Symbolic links are listed only when {@code followLinks}.
     */
    static List<Path> subdirectories(Path dir, boolean followLinks) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !ignored(p.getFileName().toString()))
                    .filter(p -> followLinks ? Files.isDirectory(p) : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static boolean hasAddonChild(Path dir, boolean followLinks) {
        return subdirectories(dir, followLinks).stream().anyMatch(AddonDirs::isAddon);
    }

    private static boolean ignored(String name) {
        return name.startsWith(".") || name.equals("__pycache__") || name.equals("node_modules");
    }

    /** {@code p} relative to {@code base}, with forward slashes. */
    static String relative(Path base, Path p) {
        return base.relativize(p).toString().replace('\\', '/');
    }

    /** The real location of {@code p}, or null when it cannot be resolved (dangling link). */
    static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }
}
