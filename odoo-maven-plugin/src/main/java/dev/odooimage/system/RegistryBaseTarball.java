package dev.odooimage.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.odooimage.base.BaseImageReader;
import dev.odooimage.base.ImageReference;
import dev.odooimage.base.RegistryClient;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * A pinned registry base saved as a docker-save tarball (config and layer blobs as served, each
 * checked against its digest), so that {@link DerivedBaseImage} can put the package layer on
 * top. Kept under the user cache by the manifest digest: a digest names immutable content, so
 * once saved it serves every later build, also offline.
 */
public final class RegistryBaseTarball {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RegistryClient registry;
    private final Path cacheDir;
    private final String platform;
    private final boolean offline;

    public RegistryBaseTarball(RegistryClient registry, Path cacheDir, String platform, boolean offline) {
        this.registry = registry;
        this.cacheDir = cacheDir;
        this.platform = platform;
        this.offline = offline;
    }

    /** The tarball of {@code reference} (it must be pinned by digest: the build refuses unpinned bases anyway). */
    public Path save(String reference, String where) {
        ImageReference image = ImageReference.parse(reference, where);
        if (!image.isPinned()) {
            throw new OdooImageException(where + ": base image " + reference + " is not pinned by digest; Debian"
                    + " packages are layered on a pinned base only: run `mvn odoo:pin-base`");
        }
        Path target = cacheDir.resolve(image.digest().replace(':', '-') + "-" + platform.replace('/', '-') + ".tar");
        if (Files.isRegularFile(target)) {
            return target;
        }
        if (offline) {
            throw new OdooImageException("base image " + reference + " is not saved in " + cacheDir + " and Maven runs"
                    + " offline (-o): run the build once online");
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(cacheDir);
            JsonNode manifest = json(registry.manifest(image, image.digest()).bytes());
            if (manifest.has("manifests")) {
                manifest = json(registry.manifest(image, BaseImageReader.manifestFor(manifest, platform, reference)).bytes());
            }
            String configDigest = manifest.path("config").path("digest").asText();
            List<String> names = new ArrayList<>();
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                blob(tar, image, configDigest, "config.json");
                int i = 0;
                for (JsonNode l : manifest.path("layers")) {
                    String name = "layer-" + i++ + ".tar" + (l.path("mediaType").asText().endsWith("gzip") ? ".gz" : "");
                    blob(tar, image, l.path("digest").asText(), name);
                    names.add(name);
                }
                ArrayNode m = JSON.createArrayNode();
                ObjectNode o = m.addObject();
                o.put("Config", "config.json");
                o.putArray("RepoTags");
                ArrayNode ls = o.putArray("Layers");
                names.forEach(ls::add);
                byte[] mb = JSON.writeValueAsBytes(m);
                TarArchiveEntry e = new TarArchiveEntry("manifest.json");
                e.setSize(mb.length);
                tar.putArchiveEntry(e);
                tar.write(mb);
                tar.closeArchiveEntry();
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save base image " + reference + " to " + target, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a .part file is never read
            }
        }
    }

    /** Copies one blob into the tarball, checking its sha256 (spooled first: a tar entry needs its size). */
    private void blob(TarArchiveOutputStream tar, ImageReference image, String digest, String name)
            throws IOException {
        Path spool = Files.createTempFile(cacheDir, ".blob-", ".part");
        try {
            MessageDigest md = Digests.sha256();
            try (InputStream in = new DigestInputStream(registry.blob(image, digest), md)) {
                Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
            }
            String actual = "sha256:" + HexFormat.of().formatHex(md.digest());
            if (!actual.equals(digest)) {
                throw new OdooImageException("blob " + digest + " of base image " + image + " arrived with " + actual
                        + "; the registry or a proxy altered it (nothing was saved)");
            }
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(Files.size(spool));
            tar.putArchiveEntry(e);
            Files.copy(spool, tar);
            tar.closeArchiveEntry();
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private static JsonNode json(byte[] b) throws IOException {
        return JSON.readTree(b);
    }
}
