package dev.odooimage.bytecode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns what CPython wrote under a {@code pycache_prefix} into the usual layout.
 *
 * <p>With {@code -X pycache_prefix=P}, the bytecode of {@code /opt/odoo/src/odoo/odoo/release.py}
 * goes to {@code P/opt/odoo/src/odoo/odoo/release.cpython-311.pyc}, so the compile container
 * only needs the sources read-only. The image has no prefix set (it would hide the base image's
 * own stdlib .pyc), so each file moves to {@code <dir>/__pycache__/<name>.pyc}, where the
 * import system looks by default. The content does not depend on where it was written: the
 * code objects name the source path, which is the image path in both cases.
 */
public final class PycacheMirror {
    private PycacheMirror() {
    }

    /**
     * Moves every {@code .pyc} under {@code prefix/<imagePath>} into {@code mirror}, as
     * {@code mirror/<relative dir>/__pycache__/<file>}.
     *
     * @return the number of .pyc files moved
     */
    public static int harvest(Path prefix, String imagePath, Path mirror) {
        Path tree = prefix.resolve(imagePath.replaceFirst("^/+", ""));
        try {
            Files.createDirectories(mirror);
            if (!Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
                return 0;
            }
            List<Path> files;
            try (Stream<Path> s = Files.walk(tree)) {
                files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .filter(p -> p.getFileName().toString().endsWith(".pyc")).sorted().toList();
            }
            for (Path pyc : files) {
                Path rel = tree.relativize(pyc);
                Path dir = rel.getParent() == null ? mirror : mirror.resolve(rel.getParent().toString());
                Path target = dir.resolve("__pycache__").resolve(rel.getFileName().toString());
                Files.createDirectories(target.getParent());
                Files.move(pyc, target);
            }
            return files.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot collect the compiled files of " + imagePath + " from " + tree, e);
        }
    }
}
