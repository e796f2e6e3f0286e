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
    public static final URI DEBIAN_SECURITY = URI.create("http://deb.debian.org/debian-security");

    public ArchiveSource {
        String u = url.toString();
        url = URI.create(u.endsWith("/") ? u : u + "/");
        components = List.copyOf(components);
    }

    /** {@code dists/<suite>/InRelease}. */
    public URI inRelease() {
        return url.resolve("dists/" + suite + "/InRelease");
    }

    /** Whether this is a security suite ({@code bookworm-security}), served by the security archive. */
    public boolean isSecurity() {
        return isSecurity(suite);
    }

    static boolean isSecurity(String suite) {
        return suite.endsWith("-security") || suite.endsWith("/updates");
    }

    /**
     * The sources apt's default sources.list has for a release: the release, {@code -updates} and
     * {@code -security} (the last one from the security archive), or the given suites.
     */
    public static List<ArchiveSource> defaults(URI archive, URI security, String release, List<String> suites,
            List<String> components, String arch) {
        List<String> s = suites.isEmpty() ? List.of(release, release + "-updates", release + "-security") : suites;
        return s.stream().map(x -> new ArchiveSource(isSecurity(x) ? security : archive, x, components, arch)).toList();
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
        return aptUri(etcApt, false).orElse(DEBIAN);
    }

    /** The security archive URL the machine's apt uses; {@link #DEBIAN_SECURITY} when there is none. */
    public static URI aptSecurityMirror(Path etcApt) {
        return aptUri(etcApt, true).orElse(DEBIAN_SECURITY);
    }

    private static Optional<URI> aptUri(Path etcApt, boolean security) {
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
                u = firstDebianUri(Files.readString(f, StandardCharsets.UTF_8), f.toString().endsWith(".sources"),
                        security);
            } catch (IOException e) {
                continue;
            }
            if (u.isPresent()) {
                return u;
            }
        }
        return Optional.empty();
    }

    static Optional<URI> firstDebianUri(String text, boolean deb822) {
        return firstDebianUri(text, deb822, false);
    }

    /** The first enabled {@code deb} URI for a release suite (no dash), or for a security suite. */
    static Optional<URI> firstDebianUri(String text, boolean deb822, boolean security) {
        java.util.function.Predicate<String> wanted = x -> security ? isSecurity(x) : !x.contains("-");
        if (deb822) {
            for (Deb822 p : Deb822.parseAll(text)) {
                boolean deb = p.get("Types").map(t -> List.of(t.split("\\s+")).contains("deb")).orElse(false);
                boolean enabled = !p.get("Enabled").map("no"::equalsIgnoreCase).orElse(false);
                boolean main = p.get("Suites").map(s -> Stream.of(s.split("\\s+")).anyMatch(wanted))
                        .orElse(false);
                if (deb && enabled && main) {
                    return p.get("URIs").map(s -> URI.create(s.trim().split("\\s+")[0]));
                }
            }
            return Optional.empty();
        }
        for (String line : text.split("\n")) {
            String l = line.replaceAll("\\[[^]]*]", " ").trim();
            String[] f = l.split("\\s+");
            if (f.length >= 3 && f[0].equals("deb") && wanted.test(f[2])) {
                return Optional.of(URI.create(f[1]));
            }
        }
        return Optional.empty();
    }
}
