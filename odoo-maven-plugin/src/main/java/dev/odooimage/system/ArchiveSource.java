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
import java.util.stream.Stream;

/**
 * Where the packages come from: an archive URL (any mirror, or Debian's snapshot archive for
 * builds that must be repeatable years later), a suite, components and the image's architecture.
 * The lock pins content by sha256, so any mirror serving the same files will do.
 */
public record ArchiveSource(URI url, String suite, List<String> components, String arch) {

    public static final URI DEBIAN = URI.create("http://deb.debian.org/debian");

    public ArchiveSource {
        String u = url.toString();
        url = URI.create(u.endsWith("/") ? u : u + "/");
        components = List.copyOf(components);
    }

    /** {@code dists/<suite>/InRelease}. */
    public URI inRelease() {
        return url.resolve("dists/" + suite + "/InRelease");
    }

    /** A file of the archive by its path under the archive root (a pool path, a dists/ path). */
    public URI file(String path) {
        return url.resolve(path);
    }

    /**
     * The first Debian archive URL the machine's apt uses (deb822 {@code .sources} files and
     * one-line {@code sources.list}, under {@code etcApt}), leaving out security and updates
     * archives; {@link #DEBIAN} when there is none.
     */
    public static URI aptMirror(Path etcApt) {
        List<Path> files = new ArrayList<>();
        files.add(etcApt.resolve("sources.list"));
        Path d = etcApt.resolve("sources.list.d");
        if (Files.isDirectory(d)) {
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources")).sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                continue;
            }
            Optional<URI> u;
            try {
                u = firstDebianUri(Files.readString(f, StandardCharsets.UTF_8), f.toString().endsWith(".sources"));
            } catch (IOException e) {
                continue;
            }
            if (u.isPresent()) {
                return u.get();
            }
        }
        return DEBIAN;
    }

    static Optional<URI> firstDebianUri(String text, boolean deb822) {
        if (deb822) {
            for (Deb822 p : Deb822.parseAll(text)) {
                boolean deb = p.get("Types").map(t -> List.of(t.split("\\s+")).contains("deb")).orElse(false);
                boolean enabled = !p.get("Enabled").map("no"::equalsIgnoreCase).orElse(false);
                boolean main = p.get("Suites").map(s -> Stream.of(s.split("\\s+"))
                        .anyMatch(x -> !x.contains("-"))).orElse(false);
                if (deb && enabled && main) {
                    return p.get("URIs").map(s -> URI.create(s.trim().split("\\s+")[0]));
                }
            }
            return Optional.empty();
        }
        for (String line : text.split("\n")) {
            String l = line.replaceAll("\\[[^]]*]", " ").trim();
            String[] f = l.split("\\s+");
            if (f.length >= 3 && f[0].equals("deb") && !f[2].contains("-")) {
                return Optional.of(URI.create(f[1]));
            }
        }
        return Optional.empty();
    }
}
