package dev.odooimage.system;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The library directories of an image's {@code /etc/ld.so.conf}, as ldconfig(8) reads it: one
 * directory per line (or several, separated by spaces, tabs, commas or colons), {@code #}
 * comments, {@code include <glob>} (relative globs relative to the including file's directory,
 * matched names sorted, as glibc's glob does), {@code hwcap} lines ignored. How the files are read
 * is the caller's business (a base image, a merged image view).
 */
public final class LdSoConf {
    public static final String FILE = "/etc/ld.so.conf";
    private static final int MAX_DEPTH = 16;
    private final Function<String, Optional<String>> read;
    private final Function<String, List<String>> list;

    /**
     * @param read a file's text by absolute path (empty when absent)
     * @param list the names in a directory (empty when absent)
     */
    public LdSoConf(Function<String, Optional<String>> read, Function<String, List<String>> list) {
        this.read = read;
        this.list = list;
    }

    /**
     * The directories, in order, without duplicates. An image without {@code /etc/ld.so.conf} but
     * with {@code /etc/ld.so.conf.d} gets that directory's {@code *.conf} (Debian's ld.so.conf is
     * exactly {@code include /etc/ld.so.conf.d/*.conf}; a slim base sometimes drops the file).
     */
    public List<String> directories() {
        Set<String> out = new LinkedHashSet<>();
        Optional<String> main = read.apply(FILE);
        if (main.isPresent()) {
            parse(FILE, main.get(), out, new HashSet<>(), 0);
        } else {
            include("/etc/ld.so.conf.d/*.conf", out, new HashSet<>(), 0);
        }
        return List.copyOf(out);
    }

    private void parse(String file, String text, Set<String> out, Set<String> seen, int depth) {
        if (depth > MAX_DEPTH || !seen.add(file)) {
            return; // include loops: ldconfig stops too
        }
        for (String raw : text.split("\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (line.isEmpty() || line.startsWith("hwcap")) {
                continue;
            }
            if (line.startsWith("include") && line.length() > 7 && Character.isWhitespace(line.charAt(7))) {
                for (String g : line.substring(8).trim().split("\\s+")) {
                    String glob = g.startsWith("/") ? g : ImageTree.parent(file) + "/" + g;
                    include(glob, out, seen, depth + 1);
                }
                continue;
            }
            for (String dir : line.split("[\\s,:]+")) {
                if (dir.startsWith("/")) {
                    out.add(ImageTree.normalise(dir.contains("=") ? dir.substring(0, dir.indexOf('=')) : dir));
                }
            }
        }
    }

    private void include(String glob, Set<String> out, Set<String> seen, int depth) {
        String dir = ImageTree.parent(glob);
        String pattern = glob.substring(glob.lastIndexOf('/') + 1);
        Pattern p = Pattern.compile(toRegex(pattern));
        List<String> names = new ArrayList<>(list.apply(dir));
        names.sort(null);
        for (String n : names) {
            if (p.matcher(n).matches()) {
                String f = (dir.equals("/") ? "" : dir) + "/" + n;
                read.apply(f).ifPresent(t -> parse(f, t, out, seen, depth));
            }
        }
    }

    private static String toRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append("[^/]*");
                case '?' -> sb.append("[^/]");
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }
}
