package dev.odooimage.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The "inputs unchanged, skip this step" marker: a file holding the digest of a
 * step's inputs, written only after the step succeeded.
 */
public record Stamp(Path file) {

    public boolean matches(String inputDigest) {
        try {
            return Files.isRegularFile(file)
                    && Files.readString(file, StandardCharsets.UTF_8).trim().equals(inputDigest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stamp " + file, e);
        }
    }

    public void write(String inputDigest) {
        AtomicFiles.writeString(file, inputDigest + "\n");
    }

    /** One input of a stamp's digest: its text and a line end, so that two inputs never run together. */
    public static void line(java.security.MessageDigest md, String input) {
        md.update(input.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
    }

    /**
     * A stamp's record written as properties, or null when it is absent or unreadable: either
     * way the step it stamps runs again.
     */
    public static java.util.Properties readRecord(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        java.util.Properties p = new java.util.Properties();
        try {
            p.load(new java.io.StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return p;
    }

    public void invalidate() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete stamp " + file, e);
        }
    }
}
