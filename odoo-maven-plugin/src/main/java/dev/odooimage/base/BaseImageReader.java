package dev.odooimage.base;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.credentials.Credential;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * Reads the files of a base image, as Jib would take it FROM: a registry reference
 * ({@code [registry://]repo:tag@sha256:...}, through {@link RegistryClient}) or a
 * {@code tar://} archive (docker save or OCI layout, as Jib accepts). Layers are streamed in
 * order, never held whole; the merged index and the kept files go to a cache keyed by digest
 * ({@link #defaultCacheDir()}), so a second read, and {@code mvn -o}, need no registry.
 * Configure, then {@link #read}:
 *
 * <pre>
 * BaseImageFiles files = new BaseImageReader(BaseImageReader.defaultCacheDir())
 *         .setRegistry(new RegistryClient(credentials)).setOffline(offline)
 *         .read("registry.example/python:3.12-slim@sha256:...", "pom.xml property odoo.base.image");
 * </pre>
 *
 * {@link #facts} gives the image's {@link BaseFacts}, stored with the cache entry once derived,
 * so that a build whose base did not change reads one small file instead of the whole entry.
 */
public final class BaseImageReader {
    /** What Jib builds for when the pom names no {@code <platforms>}. */
    public static final String DEFAULT_PLATFORM = "linux/amd64";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long METADATA_MAX = 4L * 1024 * 1024;

    private final BaseImageCache cache;
    private final Path cacheDir;
    private RegistryClient registry = new RegistryClient(Credential.Provider.NONE);
    private boolean offline;
    private String platform = DEFAULT_PLATFORM;

    /** @param cacheDir where read images are cached, one directory per digest */
    public BaseImageReader(Path cacheDir) {
        this.cacheDir = cacheDir;
        this.cache = new BaseImageCache(cacheDir);
    }

    /** {@code ~/.cache/odoo-image-maven/base}. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "odoo-image-maven", "base");
    }

    /** The client (with its credentials) registry images are read through; anonymous by default. */
    public BaseImageReader setRegistry(RegistryClient registry) {
        this.registry = registry;
        return this;
    }

    /** Never touch the network (Maven's {@code -o}): only cached images can be read. */
    public BaseImageReader setOffline(boolean offline) {
        this.offline = offline;
        return this;
    }

    /** {@code os/arch[/variant]} chosen from a multi-platform index; {@link #DEFAULT_PLATFORM} by default. */
    public BaseImageReader setPlatform(String platform) {
        this.platform = platform;
        return this;
    }

    /**
     * @param reference the base image as the build gives it to Jib
     * @param where     where the reference comes from (file, property), for messages
     */
    public BaseImageFiles read(String reference, String where) {
        String ref = reference == null ? "" : reference.trim();
        if (ref.startsWith("tar://")) {
            return readTarball(ref, Path.of(ref.substring("tar://".length())));
        }
        if (ref.contains("://") && !ref.startsWith("registry://")) {
            throw new OdooImageException(where + ": base image '" + ref + "' cannot be read: only registry images"
                    + " and tar:// archives are (push it to a registry, or save it with `docker save` and use"
                    + " tar://<file>)");
        }
        return readRegistry(ref, ImageReference.parse(ref, where));
    }

    /**
     * The facts of the base image ({@link BaseFacts}): read from its cache entry alone when the
     * entry has them stored (no index, no kept files: what a no-op build pays), else derived from
     * its files, read as {@link #read} reads them, and stored in the entry for the next builds.
     *
     * @param reference the base image as the build gives it to Jib
     * @param where     where the reference comes from (file, property), for messages
     */
    public BaseFacts facts(String reference, String where) {
        String ref = reference == null ? "" : reference.trim();
        for (String key : knownKeys(ref, where)) {
            Optional<BaseFacts> stored = cache.facts(key, ref);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        return cache.facts(read(reference, where));
    }

    /**
     * The cache keys {@code ref} has its entry under when they are known without the network and
     * without reading an archive: a pinned digest (or its platform's, for an index), an unchanged
     * tarball's remembered digest. Empty for a tag alone (the registry decides it).
     */
    private List<String> knownKeys(String ref, String where) {
        if (ref.startsWith("tar://")) {
            Path tarball = Path.of(ref.substring("tar://".length()));
            return Files.isRegularFile(tarball) ? cache.tarballDigest(tarball).map(List::of).orElse(List.of())
                    : List.of();
        }
        if (ref.contains("://") && !ref.startsWith("registry://")) {
            return List.of(); // read() says why it cannot be read
        }
        ImageReference image = ImageReference.parse(ref, where);
        return image.isPinned() ? List.of(image.digest(), platformKey(image.digest())) : List.of();
    }

    // ---------------------------------------------------------------- registry

    private BaseImageFiles readRegistry(String text, ImageReference image) {
        if (image.isPinned()) {
            Optional<BaseImageFiles> cached = cached(image.digest(), text);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        if (offline) {
            throw new OdooImageException("base image " + image + " is not in the base image cache " + cacheDir
                    + " and Maven runs offline (-o), which reads base images only from that cache: run the build"
                    + " once without -o to read it from registry " + image.registry()
                    + (image.isPinned() ? "" : " (and pin it with `mvn odoo:pin-base`: a tag alone cannot be"
                            + " looked up offline)"));
        }
        try {
            String digest = image.isPinned() ? image.digest() : registry.resolve(image).digest();
            if (!image.isPinned()) {
                Optional<BaseImageFiles> cached = cached(digest, text);
                if (cached.isPresent()) {
                    return cached.get();
                }
            }
            return pull(text, image, digest);
        } catch (RegistryClient.Unreachable e) {
            throw new OdooImageException("cannot read base image " + image + ": its files are not in the base image"
                    + " cache " + cacheDir + " and " + e.getMessage() + ". Run the build once with access to the"
                    + " registry; afterwards the cache serves it, also offline (mvn -o reads base images only"
                    + " from the cache)", e);
        }
    }

    /** The cache entry of a manifest digest, or of an index digest for the configured platform. */
    private Optional<BaseImageFiles> cached(String digest, String image) {
        Optional<BaseImageFiles> direct = cache.load(digest, image);
        return direct.isPresent() ? direct : cache.load(platformKey(digest), image);
    }

    private String platformKey(String indexDigest) {
        return indexDigest + "-" + platform.replace('/', '-');
    }

    private BaseImageFiles pull(String text, ImageReference image, String digest) {
        RegistryClient.Manifest manifest = registry.manifest(image, digest);
        JsonNode json = json(manifest.bytes(), "manifest " + digest + " of " + image);
        String key = digest;
        if (json.has("manifests")) {
            String chosen = choosePlatform(json, image);
            manifest = registry.manifest(image, chosen);
            json = json(manifest.bytes(), "manifest " + chosen + " of " + image);
            key = platformKey(digest);
        }
        if (json.path("schemaVersion").asInt() != 2 || !json.has("config")) {
            throw new OdooImageException("base image " + image + " has a manifest of an unsupported kind ("
                    + manifest.mediaType() + "); the reader reads OCI and Docker v2 image manifests");
        }
        String configDigest = json.path("config").path("digest").asText();
        byte[] config;
        try (InputStream in = registry.blob(image, configDigest)) {
            config = in.readAllBytes();
        } catch (IOException e) {
            throw new OdooImageException("cannot download the config of base image " + image + ": " + e.getMessage(),
                    e);
        }
        if (!("sha256:" + Digests.sha256Hex(config)).equals(configDigest)) {
            throw new OdooImageException("the config of base image " + image + " does not match its digest "
                    + configDigest + "; the registry or a proxy altered it");
        }
        LayerMerge merged = new LayerMerge();
        for (JsonNode layer : json.path("layers")) {
            String layerDigest = layer.path("digest").asText();
            String what = "layer " + layerDigest + " of base image " + image;
            try (InputStream raw = registry.blob(image, layerDigest)) {
                MessageDigest sha = sha256();
                DigestInputStream in = new DigestInputStream(raw, sha);
                LayerContent content = LayerContent.read(in, what);
                in.transferTo(java.io.OutputStream.nullOutputStream());
                String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
                if (!actual.equals(layerDigest)) {
                    throw new OdooImageException(what + " arrived with sha256 " + actual
                            + "; the registry or a proxy altered it (nothing was cached)");
                }
                merged.apply(content);
            } catch (IOException e) {
                throw new OdooImageException("cannot read " + what + ": " + e.getMessage(), e);
            }
        }
        cache.store(key, manifest.digest(), config, merged);
        return cache.load(key, text).orElseThrow();
    }

    private String choosePlatform(JsonNode index, ImageReference image) {
        return manifestFor(index, platform, image.toString());
    }

    /**
     * The digest of {@code platform}'s ({@code os/arch[/variant]}) manifest in a multi-platform
     * index, as Jib picks it; an error naming what the index offers when it has none.
     */
    public static String manifestFor(JsonNode index, String platform, String image) {
        String[] want = platform.split("/");
        List<String> offered = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            JsonNode p = m.path("platform");
            String os = p.path("os").asText();
            String arch = p.path("architecture").asText();
            String variant = p.path("variant").asText("");
            offered.add(os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant));
            if (os.equals(want[0]) && arch.equals(want[1]) && (want.length < 3 || variant.equals(want[2]))) {
                return m.path("digest").asText();
            }
        }
        throw new OdooImageException("base image " + image + " is a multi-platform index without " + platform
                + " (it offers " + offered + "); pick a base image for " + platform);
    }

    // ---------------------------------------------------------------- tarball

    private BaseImageFiles readTarball(String text, Path tarball) {
        if (!Files.isRegularFile(tarball)) {
            throw new OdooImageException("base image " + text + ": " + tarball + " does not exist");
        }
        try {
            // Finding the digest means reading the whole archive (a gzip one: inflating it); an
            // unchanged file (same identity, size and time) has the digest found last time.
            Optional<String> known = cache.tarballDigest(tarball);
            if (known.isPresent()) {
                Optional<BaseImageFiles> cached = cache.load(known.get(), text);
                if (cached.isPresent()) {
                    return cached.get();
                }
            }
            String stamp = BaseImageCache.tarballStamp(tarball);
            Map<String, byte[]> small = smallEntries(tarball);
            List<String> layerNames = new ArrayList<>();
            byte[] config = tarLayout(tarball, small, layerNames);
            String digest = "sha256:" + Digests.sha256Hex(config);
            Optional<BaseImageFiles> cached = cache.load(digest, text);
            if (cached.isPresent()) {
                cache.rememberTarball(tarball, stamp, digest);
                return cached.get();
            }
            Map<String, LayerContent> layers = new HashMap<>();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(Files.newInputStream(tarball)))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    String name = BaseImageEntry.normalise(e.getName()).substring(1);
                    if (e.isFile() && layerNames.contains(name) && !layers.containsKey(name)) {
                        layers.put(name, LayerContent.read(new NonClosing(tar), "layer " + name + " of " + text));
                    }
                }
            }
            LayerMerge merged = new LayerMerge();
            for (String name : layerNames) {
                LayerContent layer = layers.get(name);
                if (layer == null) {
                    throw new OdooImageException("base image " + text + " is incomplete: layer " + name
                            + " named by its manifest is missing from " + tarball);
                }
                merged.apply(layer);
            }
            cache.store(digest, digest, config, merged);
            cache.rememberTarball(tarball, stamp, digest);
            return cache.load(digest, text).orElseThrow();
        } catch (IOException e) {
            throw new OdooImageException("cannot read base image " + text + ": " + e.getMessage()
                    + " (is it a docker save or OCI layout tarball?)", e);
        }
    }

    /** The config of the one image in the archive; fills {@code layers} with its layer entry names, bottom first. */
    private static byte[] tarLayout(Path tarball, Map<String, byte[]> small, List<String> layers) {
        if (small.containsKey("index.json") && small.containsKey("oci-layout")) {
            JsonNode index = json(small.get("index.json"), "index.json of " + tarball);
            if (index.path("manifests").size() != 1) {
                throw new OdooImageException("OCI layout " + tarball + " holds " + index.path("manifests").size()
                        + " manifests; a base image archive must hold exactly one image");
            }
            String digest = index.path("manifests").get(0).path("digest").asText();
            JsonNode manifest = json(blob(tarball, small, digest), "manifest " + digest + " of " + tarball);
            for (JsonNode l : manifest.path("layers")) {
                layers.add("blobs/" + l.path("digest").asText().replace(':', '/'));
            }
            return blob(tarball, small, manifest.path("config").path("digest").asText());
        }
        byte[] manifestJson = small.get("manifest.json");
        if (manifestJson == null) {
            throw new OdooImageException(tarball + " has neither manifest.json (docker save) nor index.json and"
                    + " oci-layout (OCI layout): it is not an image archive Jib reads as tar://");
        }
        JsonNode manifest = json(manifestJson, "manifest.json of " + tarball);
        if (manifest.size() != 1) {
            throw new OdooImageException("manifest.json of " + tarball + " lists " + manifest.size()
                    + " images; a base image archive must hold exactly one");
        }
        manifest.get(0).path("Layers").forEach(l -> layers.add(BaseImageEntry.normalise(l.asText()).substring(1)));
        String configName = BaseImageEntry.normalise(manifest.get(0).path("Config").asText()).substring(1);
        byte[] config = small.get(configName);
        if (config == null) {
            throw new OdooImageException("config " + configName + " named by manifest.json is missing from " + tarball);
        }
        return config;
    }

    private static byte[] blob(Path tarball, Map<String, byte[]> small, String digest) {
        byte[] b = small.get("blobs/" + digest.replace(':', '/'));
        if (b == null) {
            throw new OdooImageException("blob " + digest + " is missing from OCI layout " + tarball);
        }
        return b;
    }

    private static Map<String, byte[]> smallEntries(Path tarball) throws IOException {
        Map<String, byte[]> small = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(Files.newInputStream(tarball)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = BaseImageEntry.normalise(e.getName()).substring(1);
                boolean metadata = name.endsWith(".json") || name.equals("oci-layout") || name.startsWith("blobs/");
                if (e.isFile() && e.getSize() <= METADATA_MAX && metadata) {
                    small.put(name, tar.readAllBytes());
                }
            }
        }
        return small;
    }

    private static InputStream maybeGunzip(InputStream file) throws IOException {
        InputStream in = new BufferedInputStream(file, 64 * 1024);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip ? GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get() : in;
    }

    private static JsonNode json(byte[] bytes, String what) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new OdooImageException(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A layer reader must not close the archive it is one entry of. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the archive is closed by its owner
        }
    }
}
