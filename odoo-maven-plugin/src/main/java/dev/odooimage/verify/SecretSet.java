package dev.odooimage.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.odooimage.util.OdooImageException;

/**
 * The values odoo:verify searches the image for, each with a label that says where it
 * came from (never the value). From a secret file every non-blank line counts, and also
 * the password of a URL line ({@code https://user:TOKEN@host}) and the value of a
 * {@code key=value} / {@code key: value} line, so a token that leaks alone is found too.
 */
public final class SecretSet {
    private final Map<String, String> byValue = new LinkedHashMap<>();
    private final List<String> tooShort = new ArrayList<>();

    /** Adds one value (ignored when blank; noted when too short to search for reliably). */
    public SecretSet add(String label, String value) {
        if (value == null || value.isBlank()) {
            return this;
        }
        String v = value.strip();
        if (v.getBytes(StandardCharsets.UTF_8).length < SecretScanner.MIN_LENGTH) {
            if (!tooShort.contains(label)) {
                tooShort.add(label);
            }
            return this;
        }
        byValue.putIfAbsent(v, label);
        return this;
    }

    /** Adds the secrets of one file; a missing file is a configuration error. */
    public SecretSet addFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new OdooImageException("secret file " + file + " (configured in <secretFiles>) does not exist;"
                    + " fix the path or remove it from the configuration");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new OdooImageException("secret file " + file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String label = "secret file " + file.getFileName() + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            add(label, line);
            urlPassword(line).ifPresent(p -> add(label + " (URL password)", p));
            int sep = firstOf(line, '=', ':');
            if (sep > 0 && !line.contains("://")) {
                add(label + " (value)", line.substring(sep + 1));
            }
        }
        return this;
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static java.util.Optional<String> urlPassword(String line) {
        try {
            String info = URI.create(line).getRawUserInfo();
            if (info != null && info.contains(":")) {
                return java.util.Optional.of(java.net.URLDecoder.decode(info.substring(info.indexOf(':') + 1),
                        StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            // not a URL
        }
        return java.util.Optional.empty();
    }

    public List<SecretScanner.Secret> secrets() {
        List<SecretScanner.Secret> out = new ArrayList<>();
        byValue.forEach((value, label) -> out.add(SecretScanner.Secret.of(label, value)));
        return out;
    }

    /** Labels of values too short to search for (reported, not searched). */
    public List<String> tooShort() {
        return List.copyOf(tooShort);
    }
}
