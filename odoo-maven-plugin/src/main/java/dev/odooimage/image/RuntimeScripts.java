package dev.odooimage.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import dev.odooimage.util.AtomicFiles;

/** Copies the runtime scripts shipped in the plugin jar ({@code /runtime/*}) to a build dir. */
public final class RuntimeScripts {
    private RuntimeScripts() {
    }

    /** Writes each script to {@code dir} (rewriting only changed ones) and returns {@code dir}. */
    public static Path extract(Path dir) {
        for (String name : ImagePaths.SCRIPTS) {
            byte[] content;
            try (InputStream in = RuntimeScripts.class.getResourceAsStream("/runtime/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("runtime script /runtime/" + name + " missing from the plugin jar");
                }
                content = in.readAllBytes();
                Path target = dir.resolve(name);
                if (!Files.isRegularFile(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
                    AtomicFiles.write(target, content);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }
}
