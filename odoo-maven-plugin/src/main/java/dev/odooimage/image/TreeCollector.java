package dev.odooimage.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.OdooImageException;

/**
 * Turns a directory tree on the build host into layer entries, deterministically:
 * children sorted by name, modes normalised (directories and executables 0755, other
 * files 0644, so the host umask and checkout do not matter), one numeric owner, no
 * {@code .git}.
 *
 * <p>Jib cannot store symbolic links (it reads through them), so links are handled
 * deliberately: a link to a file inside the same tree becomes a copy of that file; a link
 * to a directory inside the tree is left out (the directory itself is in the image, and
 * copying it would duplicate it, e.g. the venv's {@code lib64 -> lib}); in the venv, an
 * interpreter link in {@code bin/} that leaves the tree (e.g. {@code python3 ->
 * /usr/bin/python3}, an image path) becomes a small launcher script that keeps the venv
 * active; any other link that leaves the tree or dangles fails the build.
 */
public final class TreeCollector {
    private static final Pattern INTERPRETER = Pattern.compile("python[0-9.]*");
    private static final int MAX_LINK_HOPS = 40;
    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
            .contains("posix");

    private final Path launcherDir;
    private final Consumer<String> warnings;

    /**
     * @param launcherDir where generated interpreter launchers are written (a build dir)
     * @param warnings receives one message per left-out directory link
     */
    public TreeCollector(Path launcherDir, Consumer<String> warnings) {
        this.launcherDir = launcherDir;
        this.warnings = warnings;
    }

    /**
     * Collects {@code root} (which must be a real directory) as {@code imageRoot}, the
     * root directory entry included.
     *
     * @param venv whether {@code root} is a Python venv (enables interpreter launchers)
     */
    public List<PlannedEntry> collect(Path root, String imageRoot, Ownership owner, boolean venv) {
        if (Files.isSymbolicLink(root) || !Files.isDirectory(root)) {
            throw new OdooImageException(root + " is not a directory");
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<PlannedEntry> out = new ArrayList<>();
        out.add(new PlannedEntry(realRoot, imageRoot, 0755, owner, true));
        walk(realRoot, realRoot, imageRoot, owner, venv, out);
        return out;
    }

    private void walk(Path realRoot, Path dir, String imageDir, Ownership owner, boolean venv, List<PlannedEntry> out) {
        for (Child c : sortedChildren(dir)) {
            String name = c.name();
            Path child = c.path();
            if (name.equals(".git")) {
                continue; // never ship repository metadata, even a worktree's .git file
            }
            String imagePath = imageDir + "/" + name;
            BasicFileAttributes a = lstat(child); // the one attribute read of this entry
            if (a.isSymbolicLink()) {
                link(realRoot, child, imagePath, owner, venv, out);
            } else if (a.isDirectory()) {
                out.add(new PlannedEntry(child, imagePath, 0755, owner, true));
                walk(realRoot, child, imagePath, owner, venv, out);
            } else if (a.isRegularFile()) {
                out.add(new PlannedEntry(child, imagePath, fileMode(child, a), owner, false, PlannedEntry.stat(a)));
            } else {
                throw new OdooImageException(child + " is neither a file, a directory nor a symbolic link"
                        + " (socket, fifo or device); remove it from the source tree");
            }
        }
    }

    private void link(Path realRoot, Path link, String imagePath, Ownership owner, boolean venv, List<PlannedEntry> out) {
        Path current = link;
        for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
            Path target = readLink(current);
            Path resolved = target.isAbsolute() ? target.normalize() : current.getParent().resolve(target).normalize();
            if (!resolved.startsWith(realRoot)) {
                if (venv && target.isAbsolute() && isInterpreterLink(realRoot, link)) {
                    out.add(new PlannedEntry(launcher(target.toString()), imagePath, 0755, owner, false));
                    return;
                }
                throw leaves(link, target);
            }
            BasicFileAttributes a = lstatOrNull(resolved);
            if (a != null && a.isSymbolicLink()) {
                current = resolved;
                continue;
            }
            if (a != null && a.isDirectory()) {
                warnings.accept("left out directory link " + imagePath + " -> " + readLink(link)
                        + " (Jib cannot store symbolic links; the directory itself is in the image)");
                return;
            }
            if (a != null && a.isRegularFile()) {
                out.add(new PlannedEntry(resolved, imagePath, fileMode(resolved, a), owner, false, PlannedEntry.stat(a)));
                return;
            }
            throw leaves(link, target);
        }
        throw new OdooImageException("symbolic link " + link + " has more than " + MAX_LINK_HOPS + " hops (a loop?)");
    }

    private static boolean isInterpreterLink(Path realRoot, Path link) {
        return link.getParent().equals(realRoot.resolve("bin"))
                && INTERPRETER.matcher(link.getFileName().toString()).matches();
    }

    private static OdooImageException leaves(Path link, Path target) {
        return new OdooImageException("symbolic link " + link + " -> " + target
                + " points outside its tree or to nothing. Jib cannot store symbolic links in a layer,"
                + " so only links to files inside the same tree are supported (they become copies)."
                + " Replace the link by the file it points to, or remove it.");
    }

    /**
     * A launcher that runs the image's interpreter with argv[0] set to the venv path:
     * Python then finds the venv's pyvenv.cfg exactly as through a symlink. Needs bash
     * ({@code exec -a}), which every Debian-based image has.
     */
    private Path launcher(String interpreter) {
        if (!interpreter.matches("[A-Za-z0-9_./+-]+")) {
            throw new OdooImageException("venv interpreter link target '" + interpreter + "' has unexpected characters");
        }
        String script = "#!/bin/bash\n"
                + "# Generated by odoo-maven-plugin: Jib cannot store the venv's interpreter symlink.\n"
                + "exec -a \"$0\" " + interpreter + " \"$@\"\n";
        Path file = launcherDir.resolve("python-launcher-" + dev.odooimage.util.Digests.sha256Hex(script).substring(0, 16));
        try {
            if (!Files.isRegularFile(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(script)) {
                AtomicFiles.writeString(file, script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** 0755 when the owner may execute the file (read from {@code a} when it has POSIX permissions). */
    private static int fileMode(Path file, BasicFileAttributes a) {
        if (a instanceof PosixFileAttributes p) {
            return p.permissions().contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644;
        }
        return Files.isExecutable(file) ? 0755 : 0644;
    }

    private static BasicFileAttributes lstat(Path file) {
        try {
            return POSIX ? Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    : Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the attributes of " + file, e);
        }
    }

    private static BasicFileAttributes lstatOrNull(Path file) {
        try {
            return lstat(file);
        } catch (UncheckedIOException e) {
            return null; // dangling: the caller reports the link
        }
    }

    private static Path readLink(Path link) {
        try {
            return Files.readSymbolicLink(link);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A child and its name, read once for sorting (the stream's path keeps the name's bytes). */
    private record Child(String name, Path path) {
    }

    private static List<Child> sortedChildren(Path dir) {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                children.add(new Child(p.getFileName().toString(), p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        // Name order (UTF-16 code units), independent of locale and file system.
        children.sort((a, b) -> a.name().compareTo(b.name()));
        return children;
    }
}
