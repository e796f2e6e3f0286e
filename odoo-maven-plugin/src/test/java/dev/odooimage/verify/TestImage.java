package dev.odooimage.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.odooimage.util.Digests;

/**
 * Builds image tarballs by hand, in the docker save layout or the OCI image layout, the way
 * Jib's buildTar writes them: layers are tars (gzip'd by default), described by a config.
 */
final class TestImage {
    enum Format { DOCKER, OCI }

    static final class Layer {
        final String name;
        final List<Object[]> entries = new ArrayList<>(); // {path, type, mode, uid, gid, content|link}

        Layer(String name) {
            this.name = name;
        }

        Layer dir(String path, int mode, int uid) {
            entries.add(new Object[] {path, "dir", mode, uid, uid, null});
            return this;
        }

        Layer dir(String path) {
            return dir(path, 0755, 0);
        }

        Layer file(String path, String content) {
            return file(path, content.getBytes(StandardCharsets.UTF_8), 0644, 0);
        }

        Layer file(String path, byte[] content, int mode, int uid) {
            entries.add(new Object[] {path, "file", mode, uid, uid, content});
            return this;
        }

        Layer exec(String path, String content) {
            return file(path, content.getBytes(StandardCharsets.UTF_8), 0755, 0);
        }

        Layer symlink(String path, String target) {
            entries.add(new Object[] {path, "symlink", 0777, 0, 0, target});
            return this;
        }

        /** Copies a host directory tree (files, directories, symlinks) to {@code imagePath}. */
        Layer hostTree(Path hostDir, String imagePath, java.util.function.Predicate<Path> keep) throws IOException {
            try (var walk = Files.walk(hostDir)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    if (!keep.test(p)) {
                        continue;
                    }
                    String target = imagePath + (p.equals(hostDir) ? "" : "/" + hostDir.relativize(p));
                    if (Files.isSymbolicLink(p)) {
                        symlink(target, Files.readSymbolicLink(p).toString());
                    } else if (Files.isDirectory(p)) {
                        dir(target);
                    } else if (Files.isRegularFile(p)) {
                        file(target, Files.readAllBytes(p), Files.isExecutable(p) ? 0755 : 0644, 0);
                    }
                }
            }
            return this;
        }

        /** Copies one host file, following symlinks. */
        Layer hostFile(Path host, String imagePath) throws IOException {
            return file(imagePath, Files.readAllBytes(host), 0755, 0);
        }

        Layer remove(String path) {
            Path p = Path.of(path);
            entries.add(new Object[] {p.getParent() + "/" + ImageFilesystem.WHITEOUT_PREFIX + p.getFileName(),
                    "file", 0644, 0, 0, new byte[0]});
            return this;
        }
    }

    final List<Layer> layers = new ArrayList<>();
    String user = "1000:1000";
    List<String> entrypoint = List.of("/usr/local/bin/odoo-run");
    final Map<String, String> labels = new LinkedHashMap<>();
    boolean gzip = true;

    Layer layer(String name) {
        Layer l = new Layer(name);
        layers.add(l);
        return l;
    }

    Path write(Path file, Format format) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<byte[]> blobs = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (Layer l : layers) {
            byte[] tar = tar(l);
            diffIds.add("sha256:" + Digests.sha256Hex(tar));
            blobs.add(gzip ? gzip(tar) : tar);
        }
        ObjectNode config = json.createObjectNode();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        ObjectNode c = config.putObject("config");
        if (user != null) {
            c.put("User", user);
        }
        ArrayNode ep = c.putArray("Entrypoint");
        entrypoint.forEach(ep::add);
        ObjectNode lab = c.putObject("Labels");
        labels.forEach(lab::put);
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        diffIds.forEach(rootfs.putArray("diff_ids")::add);
        ArrayNode history = config.putArray("history");
        for (Layer l : layers) {
            history.addObject().put("created_by", "jib-maven-plugin:3.5.1").put("comment", l.name);
        }
        byte[] configBytes = json.writeValueAsBytes(config);
        String configDigest = "sha256:" + Digests.sha256Hex(configBytes);

        try (OutputStream out = Files.newOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            if (format == Format.DOCKER) {
                ArrayNode manifest = json.createArrayNode();
                ObjectNode m = manifest.addObject();
                m.put("Config", "config.json");
                m.putArray("RepoTags").add("odoo-verify-test/odoo:latest");
                ArrayNode ls = m.putArray("Layers");
                for (byte[] b : blobs) {
                    String name = Digests.sha256Hex(b) + (gzip ? ".tar.gz" : ".tar");
                    ls.add(name);
                    put(tar, name, b);
                }
                put(tar, "config.json", configBytes);
                put(tar, "manifest.json", json.writeValueAsBytes(manifest));
            } else {
                ObjectNode manifest = json.createObjectNode();
                manifest.put("schemaVersion", 2);
                manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
                manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                        .put("digest", configDigest).put("size", configBytes.length);
                ArrayNode ls = manifest.putArray("layers");
                for (byte[] b : blobs) {
                    ls.addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar" + (gzip ? "+gzip" : ""))
                            .put("digest", "sha256:" + Digests.sha256Hex(b)).put("size", b.length);
                }
                byte[] manifestBytes = json.writeValueAsBytes(manifest);
                ObjectNode index = json.createObjectNode();
                index.put("schemaVersion", 2);
                index.putArray("manifests").addObject().put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                        .put("digest", "sha256:" + Digests.sha256Hex(manifestBytes))
                        .put("size", manifestBytes.length);
                put(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
                put(tar, "index.json", json.writeValueAsBytes(index));
                put(tar, "blobs/sha256/" + Digests.sha256Hex(manifestBytes), manifestBytes);
                put(tar, "blobs/sha256/" + configDigest.substring(7), configBytes);
                for (byte[] b : blobs) {
                    put(tar, "blobs/sha256/" + Digests.sha256Hex(b), b);
                }
            }
        }
        return file;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static byte[] tar(Layer l) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Object[] e : l.entries) {
                String path = ((String) e[0]).substring(1);
                TarArchiveEntry t;
                switch ((String) e[1]) {
                    case "dir" -> t = new TarArchiveEntry(path + "/");
                    case "symlink" -> {
                        t = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
                        t.setLinkName((String) e[5]);
                    }
                    default -> {
                        t = new TarArchiveEntry(path);
                        t.setSize(((byte[]) e[5]).length);
                    }
                }
                t.setMode((t.isDirectory() ? 040000 : t.isSymbolicLink() ? 0120000 : 0100000) | (Integer) e[2]);
                t.setUserId((Integer) e[3]);
                t.setGroupId((Integer) e[4]);
                tar.putArchiveEntry(t);
                if (e[1].equals("file")) {
                    tar.write((byte[]) e[5]);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }
}
