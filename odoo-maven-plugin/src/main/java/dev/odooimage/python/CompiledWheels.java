package dev.odooimage.python;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Builds sdists with native code into wheels for the target, in a throw-away builder container
 * of the image's base (implemented outside this package: {@code dev.odooimage.container}).
 */
public interface CompiledWheels {
    /** A wheel for the target, its sha256, and whether it came from the cache. */
    record Built(Path wheel, String sha256, boolean fromCache) {
    }

    /** Nothing can be built here (no container engine, no build-packages lock ...); the message says why. */
    final class Unavailable extends dev.odooimage.util.OdooImageException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message);
        }
    }

    /** Why nothing can be built here (no container engine ...), or empty when a build can run. */
    Optional<String> unavailable();

    /** What the compiled wheels depend on besides the sdist and its build requirements (base, build packages). */
    String inputsKey();

    /**
     * The wheel built from {@code sdist}, from the cache when the same inputs built it before;
     * {@link Unavailable} when it is not cached and cannot be built.
     *
     * @param requireFiles the wheels of {@code requires}, hash-checked, in the same order
     * @param what         the package and where it is asked for, for messages
     */
    Built build(Path sdist, String sdistSha256, List<BuildRequirements.Pinned> requires, List<Path> requireFiles,
            String what);
}
