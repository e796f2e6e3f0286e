package dev.odooimage.its;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A docker-save image tarball made of a base image tarball (the kit's Debian test base)
 * plus hand-made gzip'd layers, with the config fields the checks look at. Stands in for
 * the image step's output until the Jib extension is on main.
 */
final class ImageTar {
    /** One layer: entries {path, mode, uid, content or null for a directory, symlink target}. */
    static final class Layer {
        final String name;
        final List<Object[]> entries = new ArrayList<>();

        Layer(String name) {
            this.name = name;
        }

        Layer dir(String path, int mode, int uid) {
            entries.add(new Object[] {path, mode, uid, null, null});
            return this;
        }

        Layer file(String path, int mode, String content) {
            entries.add(new Object[] {path, mode, 0, content.getBytes(StandardCharsets.UTF_8), null});
            return this;
        }

        Layer symlink(String path, String target) {
            entries.add(new Object[] {path, 0777, 0, null, target});
            return this;
        }
    }

    final List<Layer> layers = new ArrayList<>();
    /** null keeps the base's value. */
    String user = "1000:1000";
    /** null keeps the base's value. */
    List<String> entrypoint = List.of("/usr/local/bin/odoo-run");
    final Map<String, String> labels = new LinkedHashMap<>();

    Layer layer(String name) {
        Layer l = new Layer(name);
        layers.add(l);
        return l;
    }

    void write(Path base, Path out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, byte[]> baseFiles = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(base))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isFile()) {
                    baseFiles.put(e.getName(), in.readAllBytes());
                }
            }
        }
        if (!baseFiles.containsKey("manifest.json")) {
            throw new IllegalArgumentException(base + " is not a docker-save tarball (no manifest.json)");
        }
        JsonNode manifest = json.readTree(baseFiles.get("manifest.json")).get(0);
        ObjectNode config = (ObjectNode) json.readTree(baseFiles.get(manifest.get("Config").asText()));
        ObjectNode c = (ObjectNode) config.get("config");
        if (user != null) {
            c.put("User", user);
        }
        if (entrypoint != null) {
            ArrayNode ep = c.putArray("Entrypoint");
            entrypoint.forEach(ep::add);
            c.remove("Cmd");
        }
        ObjectNode lab = c.has("Labels") && c.get("Labels").isObject() ? (ObjectNode) c.get("Labels")
                : c.putObject("Labels");
        labels.forEach(lab::put);
        ArrayNode diffIds = (ArrayNode) config.get("rootfs").get("diff_ids");
        ArrayNode history = config.has("history") ? (ArrayNode) config.get("history") : config.putArray("history");
        List<String> layerNames = new ArrayList<>();
        manifest.get("Layers").forEach(l -> layerNames.add(l.asText()));
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        for (Layer l : layers) {
            byte[] tar = tar(l);
            diffIds.add("sha256:" + sha256(tar));
            byte[] gz = gzip(tar);
            String name = sha256(gz) + ".tar.gz";
            blobs.put(name, gz);
            layerNames.add(name);
            history.addObject().put("created_by", "VerifyGoalIT").put("comment", l.name);
        }
        byte[] configBytes = json.writeValueAsBytes(config);
        ArrayNode m = json.createArrayNode();
        ObjectNode entry = m.addObject();
        entry.put("Config", "config.json");
        entry.putArray("RepoTags").add("localhost/verify-goal-it/odoo:latest");
        ArrayNode ls = entry.putArray("Layers");
        layerNames.forEach(ls::add);
        try (OutputStream o = Files.newOutputStream(out); TarArchiveOutputStream tar = new TarArchiveOutputStream(o)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (JsonNode l : manifest.get("Layers")) {
                put(tar, l.asText(), baseFiles.get(l.asText()));
            }
            for (var b : blobs.entrySet()) {
                put(tar, b.getKey(), b.getValue());
            }
            put(tar, "config.json", configBytes);
            put(tar, "manifest.json", json.writeValueAsBytes(m));
        }
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static byte[] tar(Layer l) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Object[] e : l.entries) {
                String path = ((String) e[0]).substring(1);
                TarArchiveEntry t;
                if (e[4] != null) {
                    t = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
                    t.setLinkName((String) e[4]);
                } else if (e[3] == null) {
                    t = new TarArchiveEntry(path + "/");
                } else {
                    t = new TarArchiveEntry(path);
                    t.setSize(((byte[]) e[3]).length);
                }
                t.setMode((t.isDirectory() ? 040000 : t.isSymbolicLink() ? 0120000 : 0100000) | (Integer) e[1]);
                t.setUserId((Integer) e[2]);
                t.setGroupId((Integer) e[2]);
                tar.putArchiveEntry(t);
                if (e[3] != null) {
                    tar.write((byte[]) e[3]);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(data);
        }
        return b.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in.readAllBytes());
        }
    }
}
