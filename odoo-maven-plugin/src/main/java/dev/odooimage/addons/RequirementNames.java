package dev.odooimage.addons;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project names a pip requirements file mentions, normalised (PEP 503). A plain
 * name scan: good enough to warn about a missing package, not a requirement parser.
 */
public final class RequirementNames {
    private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)");
    private static final Pattern EGG = Pattern.compile("[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)");

    private RequirementNames() {
    }

    public static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    /** Names in {@code file}; an absent file gives none. */
    public static Set<String> read(Path file) {
        Set<String> names = new TreeSet<>();
        if (!Files.isRegularFile(file)) {
            return names;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (String line : text.replaceAll("\\\\\\r?\\n", " ").split("\\r?\\n")) {
            String l = line.strip();
            Matcher egg = EGG.matcher(l);
            if (egg.find()) {
                names.add(normalise(egg.group(1)));
                continue;
            }
            l = l.replaceAll("(^|\\s)#.*$", "").strip();
            if (l.isEmpty() || l.startsWith("-")) {
                continue; // options: -r, -c, --hash, --index-url ...
            }
            Matcher m = NAME.matcher(l);
            if (m.find()) {
                names.add(normalise(m.group(1)));
            }
        }
        return names;
    }
}
