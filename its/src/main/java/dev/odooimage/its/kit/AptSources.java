package dev.odooimage.its.kit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the host's apt sources ({@code sources.list}, {@code sources.list.d/*.list} one-line
 * format, {@code *.sources} deb822 format) to find the Debian archive mirror the host already
 * uses, so the test base image comes from the same place (proxies, local mirrors, snapshots).
 */
final class AptSources {

    private AptSources() {
    }

    /**
     * The URI of the first {@code deb} source that carries {@code suite} itself (not -updates or
     * -security) with component main, or empty.
     */
    static Optional<String> debianMirror(Path aptDir, String suite) {
        List<Path> files = new ArrayList<>();
        Path main = aptDir.resolve("sources.list");
        if (Files.isRegularFile(main)) {
            files.add(main);
        }
        Path d = aptDir.resolve("sources.list.d");
        if (Files.isDirectory(d)) {
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources")).sorted()
                        .forEach(files::add);
            } catch (IOException ignored) {
                // unreadable: fall back to the default mirror
            }
        }
        for (Path f : files) {
            try {
                String text = Files.readString(f);
                Optional<String> uri = f.toString().endsWith(".sources") ? fromDeb822(text, suite) : fromOneLine(text, suite);
                if (uri.isPresent()) {
                    return uri;
                }
            } catch (IOException ignored) {
                // try the next file
            }
        }
        return Optional.empty();
    }

    static Optional<String> fromOneLine(String text, String suite) {
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
                continue;
            }
            String rest = line.substring(4).strip();
            if (rest.startsWith("[")) {
                rest = rest.substring(rest.indexOf(']') + 1).strip();
            }
            String[] parts = rest.split("\\s+");
            if (parts.length >= 3 && parts[1].equals(suite) && List.of(parts).subList(2, parts.length).contains("main")) {
                return Optional.of(parts[0]);
            }
        }
        return Optional.empty();
    }

    static Optional<String> fromDeb822(String text, String suite) {
        for (String block : text.split("\\n\\s*\\n")) {
            String types = field(block, "Types");
            String uris = field(block, "URIs");
            String suites = field(block, "Suites");
            String components = field(block, "Components");
            String enabled = field(block, "Enabled");
            if (types == null || uris == null || suites == null || "no".equalsIgnoreCase(enabled)) {
                continue;
            }
            if (List.of(types.split("\\s+")).contains("deb") && List.of(suites.split("\\s+")).contains(suite)
                    && (components == null || List.of(components.split("\\s+")).contains("main"))) {
                return Optional.of(uris.split("\\s+")[0]);
            }
        }
        return Optional.empty();
    }

    private static String field(String block, String name) {
        for (String line : block.split("\n")) {
            if (!line.startsWith("#") && line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }
}
