package dev.odooimage.its.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Work directories of the end-to-end tests: {@code <its.work>/<test class>/<name>}, emptied when
 * created, kept after the run for post-mortems ({@code its.work} is {@code its/target/its-work}
 * under Failsafe, {@code java.io.tmpdir/odoo-image-its} otherwise).
 */
public final class ItWork {

    private ItWork() {
    }

    /** The root of all test work directories. */
    public static Path root() {
        String p = System.getProperty("its.work");
        return (p != null && !p.isBlank() ? Path.of(p) : Path.of(System.getProperty("java.io.tmpdir"), "odoo-image-its"))
                .toAbsolutePath();
    }

    /** A fresh, empty directory for {@code testClass} and {@code name}. */
    public static Path dir(Class<?> testClass, String name) {
        Path dir = root().resolve(testClass.getSimpleName()).resolve(name);
        Postgres.deleteTree(dir);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
