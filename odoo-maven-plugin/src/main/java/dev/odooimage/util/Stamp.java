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

    public void invalidate() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete stamp " + file, e);
        }
    }
}
