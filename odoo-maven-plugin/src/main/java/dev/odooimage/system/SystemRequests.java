package dev.odooimage.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.odooimage.util.OdooImageException;

/**
 * A {@code system-runtime-packages.txt} (or {@code system-build-packages.txt}) file: Debian
 * package names, whitespace separated, optionally {@code name=version} or {@code name:arch};
 * and packages from outside the archive as one {@code <url> <sha256>} per line. {@code #}
 * starts a comment.
 */
public record SystemRequests(Path file, List<Request> requests) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** One asked-for package: by name (optional version and architecture) or by URL and sha256. */
    public record Request(int line, String name, Optional<String> version, Optional<String> arch,
            Optional<URI> url, Optional<String> sha256) {

        public boolean isUrl() {
            return url.isPresent();
        }

        /** How the user wrote it, for messages and the inputs digest. */
        public String spelling() {
            if (url.isPresent()) {
                return url.get() + " " + sha256.orElseThrow();
            }
            return name + arch.map(a -> ":" + a).orElse("") + version.map(v -> "=" + v).orElse("");
        }
    }

    /** Reads and checks the file; a missing file asks for nothing. */
    public static SystemRequests read(Path file) {
        if (!Files.isRegularFile(file)) {
            return new SystemRequests(file, List.of());
        }
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static SystemRequests parse(Path file, String text) {
        List<Request> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            String[] tokens = line.trim().split("\\s+");
            if (tokens[0].isEmpty()) {
                continue;
            }
            if (tokens[0].contains("://")) {
                out.add(urlLine(file, lineNo, tokens));
                continue;
            }
            for (String token : tokens) {
                out.add(nameToken(file, lineNo, token));
            }
        }
        List<String> seen = new ArrayList<>();
        for (Request r : out) {
            String key = r.isUrl() ? r.url().get().toString() : r.name();
            if (seen.contains(key)) {
                throw new OdooImageException(file + " line " + r.line() + ": " + key
                        + " is asked for twice; keep one line");
            }
            seen.add(key);
        }
        return new SystemRequests(file, List.copyOf(out));
    }

    private static Request urlLine(Path file, int lineNo, String[] tokens) {
        URI url;
        try {
            url = URI.create(tokens[0]);
        } catch (IllegalArgumentException e) {
            throw new OdooImageException(file + " line " + lineNo + ": '" + tokens[0] + "' is not a URL");
        }
        if (!url.getPath().endsWith(".deb")) {
            throw new OdooImageException(file + " line " + lineNo + ": " + url + " does not name a .deb file");
        }
        if (tokens.length < 2) {
            throw new OdooImageException(file + " line " + lineNo + ": " + url + " has no sha256: write '"
                    + url + " <sha256>' (sha256sum of the .deb; the publisher lists it next to the download)");
        }
        String sha = tokens[1].toLowerCase(java.util.Locale.ROOT);
        if (sha.startsWith("sha256:")) {
            sha = sha.substring(7);
        }
        if (!SHA256.matcher(sha).matches() || tokens.length > 2) {
            throw new OdooImageException(file + " line " + lineNo + ": '" + String.join(" ", tokens)
                    + "': a package by URL is '<url> <sha256>', the sha256 being 64 hex digits");
        }
        return new Request(lineNo, "", Optional.empty(), Optional.empty(), Optional.of(url), Optional.of(sha));
    }

    private static Request nameToken(Path file, int lineNo, String token) {
        String rest = token;
        Optional<String> version = Optional.empty();
        int eq = rest.indexOf('=');
        if (eq >= 0) {
            String v = rest.substring(eq + 1);
            try {
                DebVersion.parse(v);
            } catch (IllegalArgumentException e) {
                throw new OdooImageException(file + " line " + lineNo + ": '" + token + "': " + e.getMessage());
            }
            version = Optional.of(v);
            rest = rest.substring(0, eq);
        }
        Optional<String> arch = Optional.empty();
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            arch = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        if (!NAME.matcher(rest).matches()) {
            throw new OdooImageException(file + " line " + lineNo + ": '" + token + "' is not a Debian package"
                    + " name; write names (lower case, e.g. libpq5), name=version, or '<url> <sha256>'");
        }
        return new Request(lineNo, rest, version, arch, Optional.empty(), Optional.empty());
    }

    public boolean isEmpty() {
        return requests.isEmpty();
    }

    /** The requests as a canonical text (one per line, file order), for the lock's inputs digest. */
    public String canonical() {
        StringBuilder sb = new StringBuilder();
        requests.forEach(r -> sb.append(r.spelling()).append('\n'));
        return sb.toString();
    }
}
