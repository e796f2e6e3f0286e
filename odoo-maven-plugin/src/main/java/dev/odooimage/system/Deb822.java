package dev.odooimage.system;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deb822 paragraph (a dpkg status entry, a Packages index entry, a Release file): fields in
 * their order, continuation lines kept (joined with newlines, as written), names case-insensitive.
 */
public final class Deb822 {
    private final Map<String, String> fields;
    private final Map<String, String> names;
    private final String text;

    private Deb822(Map<String, String> fields, Map<String, String> names, String text) {
        this.fields = fields;
        this.names = names;
        this.text = text;
    }

    /** The paragraphs of a deb822 text (blank lines separate them; {@code #} comment lines skipped). */
    public static List<Deb822> parseAll(String text) {
        List<Deb822> out = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        StringBuilder raw = new StringBuilder();
        String last = null;
        for (String line : text.split("\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    out.add(new Deb822(Collections.unmodifiableMap(fields), names, raw.toString()));
                    fields = new LinkedHashMap<>();
                    names = new LinkedHashMap<>();
                    raw = new StringBuilder();
                    last = null;
                }
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            raw.append(line).append('\n');
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                fields.put(last, fields.get(last) + "\n" + line.substring(1));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("not a deb822 field line: '" + line + "'");
            }
            last = line.substring(0, colon);
            fields.put(last, line.substring(colon + 1).trim());
            names.put(last.toLowerCase(java.util.Locale.ROOT), last);
        }
        if (!fields.isEmpty()) {
            out.add(new Deb822(Collections.unmodifiableMap(fields), names, raw.toString()));
        }
        return out;
    }

    /** A field's value (first line trimmed, continuation lines after newlines), when present. */
    public Optional<String> get(String name) {
        String key = names.get(name.toLowerCase(java.util.Locale.ROOT));
        return key == null ? Optional.empty() : Optional.of(fields.get(key));
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> new IllegalArgumentException("paragraph without " + name
                + ": " + text.lines().findFirst().orElse("")));
    }

    public Map<String, String> fields() {
        return fields;
    }

    /** The paragraph exactly as it was written, ending with a newline. */
    public String text() {
        return text;
    }
}
