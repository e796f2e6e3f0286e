package dev.odooimage.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * Reads an archive the way apt does: the InRelease file (signature checked), then each
 * component's Packages index, smallest compression first, checked against the sha256 the
 * signed InRelease lists (indexes are cached by that sha256). Also downloads files by their
 * sha256 into the cache ({@code file:} URLs work too, for tests and local mirrors).
 */
public final class ArchiveClient {
    private final Sha256Cache cache;
    private final java.util.function.Supplier<InReleaseVerifier> verifierSource;
    private final boolean checkValidUntil;
    private final Clock clock;
    private InReleaseVerifier verifier;
    private HttpClient http;

    public ArchiveClient(Sha256Cache cache, InReleaseVerifier verifier) {
        this(cache, () -> verifier);
    }

    /**
     * The keyring is parsed ({@code verifier}) and the HTTP client made on first use: a build whose
     * package layer is up to date needs neither (parsing the Debian keys costs a no-op build time).
     */
    public ArchiveClient(Sha256Cache cache, java.util.function.Supplier<InReleaseVerifier> verifier) {
        this(cache, verifier, true, Clock.systemUTC());
    }

    /**
     * {@code checkValidUntil}: refuse an InRelease whose {@code Valid-Until} has passed at
     * {@code clock}'s time, as apt does (false only for archives that keep old states on purpose,
     * such as snapshot.debian.org).
     */
    public ArchiveClient(Sha256Cache cache, java.util.function.Supplier<InReleaseVerifier> verifier,
            boolean checkValidUntil, Clock clock) {
        this.cache = cache;
        this.verifierSource = verifier;
        this.checkValidUntil = checkValidUntil;
        this.clock = clock;
    }

    private synchronized InReleaseVerifier verifier() {
        if (verifier == null) {
            verifier = verifierSource.get();
        }
        return verifier;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(30)).build();
        }
        return http;
    }

    /** The fetched, verified archive state of {@code source}. */
    public record Snapshot(ArchiveSource source, ReleaseFile release, String inReleaseSha256, PackageIndex index) {
    }

    public Snapshot snapshot(ArchiveSource source) {
        URI inReleaseUri = source.inRelease();
        byte[] raw = fetch(inReleaseUri);
        InReleaseVerifier.Verified v = verifier().verify(raw, inReleaseUri.toString());
        ReleaseFile release = ReleaseFile.parse(v.text());
        checkValidUntil(release, inReleaseUri);
        if (!release.architectures().isEmpty() && !release.architectures().contains(source.arch())) {
            throw new OdooImageException(inReleaseUri + " has no architecture " + source.arch() + " (it has "
                    + release.architectures() + "): the image's architecture must be one the archive builds");
        }
        List<String> texts = new ArrayList<>();
        for (String component : source.components()) {
            // The security archive lists "updates/main" for the files under main/, as apt knows.
            if (!release.components().isEmpty() && !release.components().contains(component)
                    && !release.components().contains("updates/" + component)) {
                throw new OdooImageException(inReleaseUri + " has no component '" + component + "' (it has "
                        + release.components() + ")");
            }
            texts.add(packagesText(source, release, component));
        }
        return new Snapshot(source, release, Digests.sha256Hex(raw), PackageIndex.parse(texts, source.arch()));
    }

    /**
     * A signed but expired InRelease is what a mirror, proxy or attacker replaying an old state
     * serves to hold security updates back (a freeze attack): the signature alone cannot tell.
     * apt refuses it; so does the lock.
     */
    private void checkValidUntil(ReleaseFile release, URI uri) {
        if (!checkValidUntil || release.validUntil().isBlank()) {
            return;
        }
        java.time.Instant now = clock.instant();
        java.time.Instant until = ReleaseFile.instant(release.validUntil()).orElseThrow(() -> new OdooImageException(
                uri + " has a Valid-Until field that is not a date: '" + release.validUntil() + "'"));
        if (until.isBefore(now)) {
            throw new OdooImageException(uri + " expired: its Valid-Until is " + release.validUntil() + " and it is now "
                    + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(java.time.ZoneOffset.UTC))
                    + ". A mirror or proxy serving an old state of the archive would hide security updates, so it is"
                    + " refused, as apt refuses it. Use an up-to-date mirror (odoo.system.archive /"
                    + " odoo.system.securityArchive), or check this machine's clock. For an archive that keeps old"
                    + " states on purpose (snapshot.debian.org), set -Dodoo.system.checkValidUntil=false.");
        }
    }

    private String packagesText(ArchiveSource source, ReleaseFile release, String component) {
        String base = component + "/binary-" + source.arch() + "/Packages";
        for (String ext : List.of(".xz", ".gz", "")) {
            var entry = release.entry(base + ext);
            if (entry.isEmpty()) {
                continue;
            }
            String sha = entry.get().sha256();
            URI uri = source.file("dists/" + source.suite() + "/" + base + ext);
            Path file = cache.get(sha, "-Packages" + ext).orElseGet(() -> download(uri, sha, "-Packages" + ext));
            try (InputStream in = open(file, ext)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + uri, e);
            }
        }
        throw new OdooImageException(source.inRelease() + " lists no " + base + " index");
    }

    private static InputStream open(Path file, String ext) throws IOException {
        InputStream in = Files.newInputStream(file);
        return switch (ext) {
            case ".xz" -> new XZCompressorInputStream(in);
            case ".gz" -> new GzipCompressorInputStream(in);
            default -> in;
        };
    }

    /** The file with {@code sha256}, from the cache or downloaded from {@code uri} (verified, then cached). */
    public Path download(URI uri, String sha256, String suffix) {
        return cache.get(sha256, suffix).orElseGet(() -> {
            try (InputStream in = stream(uri)) {
                return cache.put(sha256, suffix, in, uri.toString());
            } catch (IOException e) {
                throw new OdooImageException("cannot download " + uri + ": " + e.getMessage(), e);
            }
        });
    }

    public Sha256Cache cache() {
        return cache;
    }

    byte[] fetch(URI uri) {
        try (InputStream in = stream(uri)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new OdooImageException("cannot download " + uri + ": " + e.getMessage(), e);
        }
    }

    private InputStream stream(URI uri) throws IOException {
        if ("file".equals(uri.getScheme())) {
            return Files.newInputStream(Path.of(uri));
        }
        try {
            HttpResponse<InputStream> r = http().send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                r.body().close();
                throw new IOException("HTTP " + r.statusCode());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
