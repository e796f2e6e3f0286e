package dev.odooimage.system;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signed text of an InRelease file: suite, date, valid-until (empty when the file has none, as
 * a stable release's), and the SHA256 of every index it lists.
 */
public record ReleaseFile(String suite, String codename, String date, String validUntil, List<String> architectures,
        List<String> components, Map<String, IndexEntry> sha256) {

    /** An index file listed in the Release file: its path under the suite, sha256 and size. */
    public record IndexEntry(String path, String sha256, long size) {
    }

    public static ReleaseFile parse(String signedText) {
        Deb822 p = Deb822.parseAll(signedText).get(0);
        Map<String, IndexEntry> hashes = new LinkedHashMap<>();
        for (String line : p.get("SHA256").orElse("").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                hashes.put(f[2], new IndexEntry(f[2], f[0], Long.parseLong(f[1])));
            }
        }
        return new ReleaseFile(p.get("Suite").orElse(""), p.get("Codename").orElse(""), p.get("Date").orElse(""),
                p.get("Valid-Until").orElse(""), words(p.get("Architectures")), words(p.get("Components")), Map.copyOf(hashes));
    }

    private static List<String> words(Optional<String> v) {
        return v.map(s -> Arrays.asList(s.trim().split("\\s+"))).orElse(List.of());
    }

    /**
     * The instant of a Release file's date field (RFC 2822 in UTC, as apt writes it: "Sat, 05 Dec
     * 2026 02:53:00 UTC"), or empty when {@code field} is blank or not such a date.
     */
    public static Optional<Instant> instant(String field) {
        if (field == null || field.isBlank()) {
            return Optional.empty();
        }
        String s = field.trim().replaceFirst("\\s(UTC|Z)$", " GMT");
        try {
            return Optional.of(ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public Optional<IndexEntry> entry(String path) {
        return Optional.ofNullable(sha256.get(path));
    }
}
