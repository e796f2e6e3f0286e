package dev.odooimage.system;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.Stamp;

/**
 * The base image with the package layer on top, as a docker-save tarball that Jib takes as a
 * {@code tar://} base. This is how the package layer keeps its symlinks and hard links: Jib's
 * build plan can only copy files (Jib issue 2275), but it reads a base image's layers as they
 * are. The base's layers are copied unchanged (same blobs, same diff ids), the config gains our
 * diff id and a history entry; the venv and source layers Jib adds stay above it.
 */
public final class DerivedBaseImage {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String LAYER_NAME = "odoo-system-packages/layer.tar.gz";
    /** How the package layer's history comment starts: odoo:verify finds the layer by it. */
    public static final String COMMENT_PREFIX = "odoo system packages";

    private DerivedBaseImage() {
    }

    /**
     * Writes {@code target} from the base tarball (docker save or OCI layout) and the layer.
     *
     * @param comment the history comment naming the layer (e.g. "odoo system packages: 42 from system-packages.lock")
     * @return false when {@code target} was already written from the same inputs and is kept
     */
    public static boolean write(Path baseTar, Path layerTar, String diffId, String comment, Path target) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Stamp stamp = new Stamp(target.resolveSibling(target.getFileName() + ".stamp"));
        String key;
        try {
            // A tarball base is identified as the bytecode step does it (path, size, time); the
            // layer by its diff id and compressed size: a no-op build copies no 100 MiB again.
            key = Digests.sha256Hex(String.join("\n", baseTar.toAbsolutePath().toString(),
                    Long.toString(Files.size(baseTar)), Files.getLastModifiedTime(baseTar).toString(), diffId,
                    Long.toString(Files.size(layerTar)), comment));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + baseTar + " or " + layerTar, e);
        }
        if (stamp.matches(key) && Files.isRegularFile(target)) {
            return false;
        }
        stamp.invalidate();
        try {
            Map<String, byte[]> small = small(baseTar);
            List<String> layers = new ArrayList<>();
            byte[] config = layout(baseTar, small, layers);
            ObjectNode cfg = (ObjectNode) JSON.readTree(config);
            cfg.withObjectProperty("rootfs").withArrayProperty("diff_ids").add(diffId);
            ObjectNode h = JSON.createObjectNode();
            h.put("created", "1970-01-01T00:00:01Z");
            h.put("created_by", "odoo-maven-plugin odoo:system-packages");
            h.put("comment", comment);
            cfg.withArray("history").add(h);
            byte[] newConfig = JSON.writeValueAsBytes(cfg);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                names.add("base-" + i + "/layer.tar");
            }
            names.add(LAYER_NAME);
            ArrayNode manifest = JSON.createArrayNode();
            ObjectNode m = manifest.addObject();
            m.put("Config", "config.json");
            m.putArray("RepoTags");
            ArrayNode ls = m.putArray("Layers");
            names.forEach(ls::add);
            Files.createDirectories(target.getParent());
            try (OutputStream out = Files.newOutputStream(tmp); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                entry(tar, "manifest.json", JSON.writeValueAsBytes(manifest));
                entry(tar, "config.json", newConfig);
                copyLayers(baseTar, layers, names, tar);
                TarArchiveEntry e = new TarArchiveEntry(LAYER_NAME);
                e.setSize(Files.size(layerTar));
                e.setModTime(1000L);
                tar.putArchiveEntry(e);
                Files.copy(layerTar, tar);
                tar.closeArchiveEntry();
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            stamp.write(key);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the base image with the package layer " + target, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing trusts a .tmp file
            }
        }
    }

    private static void entry(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        e.setModTime(1000L);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    /** Copies the base's layer entries, in manifest order, under their new names (the archive is read once per layer). */
    private static void copyLayers(Path baseTar, List<String> layers, List<String> names, TarArchiveOutputStream out)
            throws IOException {
        for (int i = 0; i < layers.size(); i++) {
            boolean found = false;
            try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(baseTar)))) {
                TarArchiveEntry e;
                while ((e = in.getNextEntry()) != null) {
                    if (e.isFile() && strip(e.getName()).equals(layers.get(i))) {
                        TarArchiveEntry o = new TarArchiveEntry(names.get(i));
                        o.setSize(e.getSize());
                        o.setModTime(1000L);
                        out.putArchiveEntry(o);
                        in.transferTo(out);
                        out.closeArchiveEntry();
                        found = true;
                        break;
                    }
                }
            }
            if (!found) {
                throw new OdooImageException("base image " + baseTar + " is incomplete: no layer " + layers.get(i));
            }
        }
    }

    private static String strip(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }

    private static Map<String, byte[]> small(Path tar) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isFile() && e.getSize() < 4 * 1024 * 1024) {
                    out.put(strip(e.getName()), in.readAllBytes());
                }
            }
        }
        return out;
    }

    /** The image config; fills {@code layers} with the archive names of the layers, bottom first. */
    private static byte[] layout(Path tar, Map<String, byte[]> small, List<String> layers) throws IOException {
        if (small.containsKey("index.json")) {
            var index = JSON.readTree(small.get("index.json"));
            String digest = index.path("manifests").path(0).path("digest").asText();
            var manifest = JSON.readTree(blob(small, digest, tar));
            if (manifest.has("manifests")) {
                manifest = JSON.readTree(blob(small, manifest.path("manifests").path(0).path("digest").asText(), tar));
            }
            for (var l : manifest.path("layers")) {
                layers.add("blobs/" + l.path("digest").asText().replace(':', '/'));
            }
            return blob(small, manifest.path("config").path("digest").asText(), tar);
        }
        byte[] m = small.get("manifest.json");
        if (m == null) {
            throw new OdooImageException(tar + " is neither a docker-save nor an OCI image tarball");
        }
        var manifest = JSON.readTree(m).path(0);
        manifest.path("Layers").forEach(l -> layers.add(strip(l.asText())));
        byte[] config = small.get(strip(manifest.path("Config").asText()));
        if (config == null) {
            throw new OdooImageException(tar + " has no config " + manifest.path("Config").asText());
        }
        return config;
    }

    private static byte[] blob(Map<String, byte[]> small, String digest, Path tar) {
        byte[] b = small.get("blobs/" + digest.replace(':', '/'));
        if (b == null) {
            throw new OdooImageException(tar + " has no blob " + digest);
        }
        return b;
    }
}
