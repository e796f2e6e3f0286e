package dev.odooimage.base;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /etc/os-release} (or {@code /usr/lib/os-release}) of a base image, as os-release(5)
 * defines it: shell-style {@code KEY=value} lines, values optionally quoted.
 *
 * @param fields every key, in file order
 */
public record OsRelease(Map<String, String> fields) {
    public static final OsRelease NONE = new OsRelease(Map.of());

    public OsRelease {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static OsRelease of(BaseImageFiles files) {
        return files.readString("/etc/os-release").or(() -> files.readString("/usr/lib/os-release"))
                .map(OsRelease::parse).orElse(NONE);
    }

    public static OsRelease parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.isEmpty() || l.startsWith("#") || eq <= 0) {
                continue;
            }
            String value = l.substring(eq + 1);
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1).replaceAll("\\\\([\"$`\\\\])", "$1");
            }
            fields.put(l.substring(0, eq), value);
        }
        return new OsRelease(fields);
    }

    /** {@code debian}, {@code ubuntu}, {@code alpine}...; empty when unknown. */
    public String id() {
        return fields.getOrDefault("ID", "");
    }

    /** {@code 12}; empty for testing/unstable and unknown. */
    public String versionId() {
        return fields.getOrDefault("VERSION_ID", "");
    }

    /** {@code bookworm}; empty when unknown. */
    public String versionCodename() {
        return fields.getOrDefault("VERSION_CODENAME", "");
    }

    public String prettyName() {
        return fields.getOrDefault("PRETTY_NAME", "");
    }
}
