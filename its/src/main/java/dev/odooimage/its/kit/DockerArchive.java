package dev.odooimage.its.kit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a root file system as a one-layer docker-save archive ({@code manifest.json},
 * {@code <config sha>.json}, {@code <diff id>/layer.tar}, {@code repositories}), the format
 * {@code docker load}, {@code podman load}, skopeo's {@code docker-archive:} and Jib's
 * {@code tar://} base all read. The layer is gzip-compressed once here: Jib would otherwise
 * compress an uncompressed base layer on every fresh project (its cache is per project).
 */
final class DockerArchive {

    private static final String CREATED = "2024-01-01T00:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerArchive() {
    }

    /** Image config values of the archive. */
    record Config(String architecture, List<String> env, List<String> cmd, Map<String, String> labels,
            String createdBy) {
    }

    /**
     * Writes {@code rootfs} (owners numeric, entries sorted, no "./" prefix) to {@code out} tagged
     * {@code repository:tag}, using {@code work} for temporary files.
     */
    static void write(Path rootfs, Path work, Path out, String repository, String tag, Config config)
            throws IOException {
        Path staging = Files.createDirectories(work.resolve("archive"));
        Path layer = work.resolve("layer.tar");
        List<String> tar = new ArrayList<>(List.of("tar", "--numeric-owner", "--sort=name", "--format=gnu",
                "-C", rootfs.toString(), "-cf", layer.toString()));
        try (Stream<Path> s = Files.list(rootfs)) {
            s.map(p -> p.getFileName().toString()).sorted().forEach(tar::add);
        }
        Procs.run(tar, work, Map.of("LC_ALL", "C"), null, Duration.ofMinutes(10), null).orThrow();
        String diff = sha256(layer);
        Path layerDir = Files.createDirectories(staging.resolve(diff));
        try (InputStream in = Files.newInputStream(layer);
                GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(layerDir.resolve("layer.tar")), 1 << 16)) {
            in.transferTo(gz);
        }
        Files.delete(layer);

        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("architecture", config.architecture());
        cfg.put("os", "linux");
        cfg.put("created", CREATED);
        ObjectNode c = cfg.putObject("config");
        config.env().forEach(c.putArray("Env")::add);
        config.cmd().forEach(c.putArray("Cmd")::add);
        ObjectNode labels = c.putObject("Labels");
        config.labels().forEach(labels::put);
        ObjectNode rootfsNode = cfg.putObject("rootfs");
        rootfsNode.put("type", "layers");
        rootfsNode.putArray("diff_ids").add("sha256:" + diff);
        ObjectNode history = cfg.putArray("history").addObject();
        history.put("created", CREATED);
        history.put("created_by", config.createdBy());
        byte[] configBytes = JSON.writeValueAsBytes(cfg);
        String configName = sha256(configBytes) + ".json";
        Files.write(staging.resolve(configName), configBytes);

        ArrayNode manifest = JSON.createArrayNode();
        ObjectNode m = manifest.addObject();
        m.put("Config", configName);
        m.putArray("RepoTags").add(repository + ":" + tag);
        m.putArray("Layers").add(diff + "/layer.tar");
        Files.write(staging.resolve("manifest.json"), JSON.writeValueAsBytes(manifest));
        ObjectNode repositories = JSON.createObjectNode();
        repositories.putObject(repository).put(tag, diff);
        Files.write(staging.resolve("repositories"), JSON.writeValueAsBytes(repositories));

        Procs.run(List.of("tar", "--numeric-owner", "--owner=0", "--group=0", "--sort=name", "-C",
                staging.toString(), "-cf", out.toString(), "manifest.json", "repositories", configName, diff),
                work, Map.of("LC_ALL", "C"), null, Duration.ofMinutes(10), null).orThrow();
        Postgres.deleteTree(staging);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
