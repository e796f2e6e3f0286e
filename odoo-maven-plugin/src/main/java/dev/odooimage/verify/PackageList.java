package dev.odooimage.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.odooimage.util.OdooImageException;

/**
 * A {@code system-build-packages.txt} / {@code system-runtime-packages.txt} file: Debian
 * package names, whitespace separated, {@code #} starts a comment. A version pin
 * ({@code libpq5=15.8-0+deb12u1}) or an architecture ({@code libc6:amd64}) is allowed and
 * ignored here: the check is about the package being there or not. A {@code <url> <sha256>}
 * line (a .deb from outside the archive) names no package and is skipped.
 */
public final class PackageList {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

    private PackageList() {
    }

    /** The package names, in file order; empty when the file does not exist. */
    public static List<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            if (line.trim().contains("://")) {
                continue; // a .deb by "<url> <sha256>": its package name is in system-packages.lock, not here
            }
            for (String token : line.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                String name = token.split("[=:]", 2)[0];
                if (!NAME.matcher(name).matches()) {
                    throw new OdooImageException(file + " line " + (i + 1) + ": '" + token
                            + "' is not a Debian package name; write one package per line"
                            + " (lower case, e.g. libpq5), # for comments");
                }
                if (!out.contains(name)) {
                    out.add(name);
                }
            }
        }
        return List.copyOf(out);
    }
}
