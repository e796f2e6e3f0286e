package dev.odooimage.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;

/**
 * The user-level cache, shared by every project on the machine
 * ({@code ~/.cache/odoo-image-maven} by default). Artifacts are keyed by their sha256 and
 * verified again on every read, so a corrupted or tampered cache entry is never installed.
 * <pre>
 * artifacts/&lt;sha256&gt;/&lt;file name&gt;       downloaded wheels and sdists
 * built/&lt;sdist sha256&gt;/&lt;wheel&gt;          pure wheels built from sdists
 * pip-tool/&lt;pip version&gt;/              the private pip environment
 * </pre>
 */
public final class ArtifactCache {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");
    private final Path root;

    public ArtifactCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Where the private pip environments live, one per pip version. */
    public Path toolRoot() {
        return root.resolve("pip-tool");
    }

    /** The cached artifact with this sha256, after checking its content still hashes to it. */
    public Optional<Path> artifact(String sha256) {
        return verified(root.resolve("artifacts").resolve(checkSha(sha256)), sha256, f -> true);
    }

    /** Stores {@code file} (already verified by the caller) under its sha256. */
    public Path putArtifact(String sha256, Path file) {
        return put(root.resolve("artifacts").resolve(checkSha(sha256)), file);
    }

    /** The pure wheel built from the sdist with this sha256, if built before. */
    public Optional<Path> builtWheel(String sdistSha256) {
        Path dir = root.resolve("built").resolve(checkSha(sdistSha256));
        return listOne(dir);
    }

    public Path putBuiltWheel(String sdistSha256, String sdistFileName, Path wheel) {
        Path dir = root.resolve("built").resolve(checkSha(sdistSha256));
        Path stored = put(dir, wheel);
        AtomicFiles.writeString(dir.resolve(".sdist"), sdistFileName + "\n");
        return stored;
    }

    /** A pure wheel built before, with the sdist it came from. */
    public record BuiltWheel(String sdistSha256, String sdistFileName, Path wheel) {
    }

    /** Every pure wheel built before whose sdist name is known. */
    public java.util.List<BuiltWheel> builtWheels() {
        Path dir = root.resolve("built");
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        java.util.List<BuiltWheel> result = new java.util.ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path d : s.sorted().toList()) {
                String sha = d.getFileName().toString();
                Path sdist = d.resolve(".sdist");
                Optional<Path> wheel = listOne(d);
                if (SHA.matcher(sha).matches() && Files.isRegularFile(sdist) && wheel.isPresent()) {
                    result.add(new BuiltWheel(sha, Files.readString(sdist).strip(), wheel.get()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cache " + dir, e);
        }
        return result;
    }

    private static Optional<Path> verified(Path dir, String sha256, java.util.function.Predicate<Path> ok) {
        Optional<Path> f = listOne(dir);
        if (f.isPresent() && !Digests.sha256Hex(f.get()).equals(sha256)) {
            // A damaged entry: drop it, the caller fetches it again (and verifies).
            try {
                AtomicFiles.deleteRecursively(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete damaged cache entry " + dir, e);
            }
            return Optional.empty();
        }
        return f.filter(ok);
    }

    private static Optional<Path> listOne(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cache " + dir, e);
        }
    }

    private static Path put(Path dir, Path file) {
        try {
            Files.createDirectories(dir.getParent());
            Path staged = Files.createTempDirectory(dir.getParent(), ".staging-");
            Files.copy(file, staged.resolve(file.getFileName()));
            try {
                Files.move(staged, dir);
            } catch (IOException raced) {
                // Another build stored the same content first: keep theirs.
                AtomicFiles.deleteRecursively(staged);
            }
            return dir.resolve(file.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to cache " + dir, e);
        }
    }

    private static String checkSha(String sha256) {
        if (!SHA.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a sha256: " + sha256);
        }
        return sha256;
    }
}
