package dev.odooimage.bytecode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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

    /**
     * Carries the .pyc of the unchanged sources from the last mirror into {@code staged}, at
     * the same places: a .pyc whose source is still in the tree ({@code sources}) and not in
     * {@code changed}. The .pyc of deleted or changed files stay behind.
     *
     * @return the number of .pyc carried over
     */
    public static int reuse(Path mirror, Path staged, Set<String> sources, Set<String> changed) {
        if (!Files.isDirectory(mirror, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try {
            List<Path> files;
            try (Stream<Path> s = Files.walk(mirror)) {
                files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
            }
            int n = 0;
            for (Path pyc : files) {
                String rel = mirror.relativize(pyc).toString().replace('\\', '/');
                String source = SourceIndex.sourceOf(rel);
                if (source == null || !sources.contains(source) || changed.contains(source)) {
                    continue;
                }
                Path target = staged.resolve(rel);
                Files.createDirectories(target.getParent());
                try {
                    Files.createLink(target, pyc); // mirrors are replaced whole, never written in place
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(pyc, target);
                }
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reuse the compiled files of " + mirror, e);
        }
    }
}
