package dev.odooimage.system;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code shared-libraries} check: every {@code DT_NEEDED} of every ELF file we add must be
 * found in the image the way ld.so would look for it: {@code DT_RPATH} (when there is no
 * {@code DT_RUNPATH}), {@code DT_RUNPATH}, the directories of {@code /etc/ld.so.conf.d}, then the
 * default directories; {@code $ORIGIN} is the file's directory. A name with a slash is a path.
 * Misses name the file and the library: nothing else checks this before run time.
 */
public final class SharedLibraries {
    private final ImageTree image;
    private final List<String> defaultDirs;
    private final List<String> confDirs;

    /**
     * @param triplet the multiarch directory name ({@code x86_64-linux-gnu})
     * @param confDirs directories listed in the image's {@code /etc/ld.so.conf.d/*.conf}
     */
    public SharedLibraries(ImageTree image, String triplet, List<String> confDirs) {
        this.image = image;
        this.confDirs = List.copyOf(confDirs);
        this.defaultDirs = List.of("/lib/" + triplet, "/usr/lib/" + triplet, "/lib64", "/usr/lib64", "/lib", "/usr/lib");
    }

    /** Debian's multiarch triplet of an architecture. */
    public static String triplet(String debArch) {
        return switch (debArch) {
            case "amd64" -> "x86_64-linux-gnu";
            case "arm64" -> "aarch64-linux-gnu";
            case "i386" -> "i386-linux-gnu";
            case "armhf" -> "arm-linux-gnueabihf";
            case "ppc64el" -> "powerpc64le-linux-gnu";
            case "s390x" -> "s390x-linux-gnu";
            default -> debArch + "-linux-gnu";
        };
    }

    /** A library ld.so would not find for a file. */
    public record Miss(String file, String library) {
        @Override
        public String toString() {
            return file + ": " + library;
        }
    }

    /** "file: library" for each library ld.so would not find, in file order. */
    public List<String> misses(Map<String, ElfDynamic> files) {
        return missing(files).stream().map(Miss::toString).toList();
    }

    /**
     * Each library ld.so would not find, in file order. A library loaded as a dependency is also
     * looked up in the {@code DT_RPATH} of the objects that loaded it, up the chain, as glibc does
     * when the object itself has no {@code DT_RUNPATH}: a wheel's bundled library whose own RPATH
     * is useless is still found through the extension module's {@code $ORIGIN/../<pkg>.libs}. The
     * loading chain is known among {@code files} only, so the edges are found to a fixed point.
     */
    public List<Miss> missing(Map<String, ElfDynamic> files) {
        Map<String, Set<String>> loaders = new HashMap<>();
        List<Miss> out;
        boolean changed = true;
        do {
            out = new ArrayList<>();
            changed = false;
            for (var f : files.entrySet()) {
                String file = f.getKey();
                ElfDynamic elf = f.getValue();
                for (String lib : elf.needed()) {
                    String hit = find(lib, file, elf, files, loaders);
                    if (hit == null) {
                        out.add(new Miss(file, lib));
                    } else if (loaders.computeIfAbsent(hit, k -> new LinkedHashSet<>()).add(file)) {
                        changed = true;
                    }
                }
            }
        } while (changed);
        return out;
    }

    private String find(String lib, String file, ElfDynamic elf, Map<String, ElfDynamic> files,
            Map<String, Set<String>> loaders) {
        String origin = ImageTree.parent(file);
        if (lib.contains("/")) {
            return image.file(lib.startsWith("/") ? lib : origin + "/" + lib);
        }
        List<String[]> dirs = new ArrayList<>(); // {dir, origin}
        if (elf.runpath().isEmpty()) {
            elf.rpath().forEach(d -> dirs.add(new String[] {d, origin}));
            // then the RPATH of whoever loaded this object, and of its loaders, up the chain
            Set<String> seen = new HashSet<>(Set.of(file));
            List<String> queue = new ArrayList<>(loadersOf(file, loaders));
            for (int i = 0; i < queue.size(); i++) {
                String l = queue.get(i);
                if (!seen.add(l)) {
                    continue;
                }
                ElfDynamic le = files.get(l);
                if (le != null) {
                    le.rpath().forEach(d -> dirs.add(new String[] {d, ImageTree.parent(l)}));
                }
                queue.addAll(loadersOf(l, loaders));
            }
        }
        elf.runpath().forEach(d -> dirs.add(new String[] {d, origin}));
        confDirs.forEach(d -> dirs.add(new String[] {d, origin}));
        defaultDirs.forEach(d -> dirs.add(new String[] {d, origin}));
        for (String[] d : dirs) {
            String dir = d[0].replace("${ORIGIN}", d[1]).replace("$ORIGIN", d[1]);
            if (!dir.startsWith("/")) {
                continue; // relative to the process's working directory: nothing to rely on
            }
            String hit = image.file(dir + "/" + lib);
            if (hit != null) {
                return hit;
            }
        }
        return null;
    }

    private Set<String> loadersOf(String file, Map<String, Set<String>> loaders) {
        String r = image.file(file);
        return loaders.getOrDefault(r == null ? file : r, Set.of());
    }
}
