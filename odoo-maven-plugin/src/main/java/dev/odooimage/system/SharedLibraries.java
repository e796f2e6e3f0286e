package dev.odooimage.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** Each library ld.so would not find, in file order. */
    public List<Miss> missing(Map<String, ElfDynamic> files) {
        List<Miss> out = new ArrayList<>();
        for (var f : files.entrySet()) {
            String dir = ImageTree.parent(f.getKey());
            ElfDynamic elf = f.getValue();
            for (String lib : elf.needed()) {
                if (!found(lib, dir, elf)) {
                    out.add(new Miss(f.getKey(), lib));
                }
            }
        }
        return out;
    }

    private boolean found(String lib, String origin, ElfDynamic elf) {
        if (lib.contains("/")) {
            return image.isFile(lib.startsWith("/") ? lib : origin + "/" + lib);
        }
        List<String> dirs = new ArrayList<>();
        if (elf.runpath().isEmpty()) {
            dirs.addAll(elf.rpath());
        }
        dirs.addAll(elf.runpath());
        dirs.addAll(confDirs);
        dirs.addAll(defaultDirs);
        for (String d : dirs) {
            String dir = d.replace("${ORIGIN}", origin).replace("$ORIGIN", origin);
            if (image.isFile(dir + "/" + lib)) {
                return true;
            }
        }
        return false;
    }
}
