package dev.odooimage.base;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.util.Digests;

/**
 * A real registry for tests: Debian's {@code docker-registry} (distribution 2.x) serving a
 * temp directory on 127.0.0.1, and images pushed into it with {@code skopeo} from OCI
 * layouts the test writes (one uncompressed layer of a few files, so digests are known in
 * advance). Requires the Debian packages docker-registry and skopeo.
 */
final class LocalRegistry implements AutoCloseable {
    static final String REGISTRY_BINARY = "/usr/bin/docker-registry";

    private final Process process;
    private final Path work;
    final int port;

    private LocalRegistry(Process process, Path work, int port) {
        this.process = process;
        this.work = work;
        this.port = port;
    }

    static LocalRegistry start(Path work) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(REGISTRY_BINARY))) {
            throw new IllegalStateException(REGISTRY_BINARY + " is missing: apt-get install docker-registry");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path storage = Files.createDirectories(work.resolve("registry-storage"));
        Path config = work.resolve("registry.yml");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + storage,
                "  delete:",
                "    enabled: true",
                "http:",
                "  addr: 127.0.0.1:" + port,
                ""));
        Process process = new ProcessBuilder(REGISTRY_BINARY, "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("registry.log").toFile())
                .start();
        LocalRegistry registry = new LocalRegistry(process, work, port);
        registry.awaitReady();
        return registry;
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: "
                        + Files.readString(work.resolve("registry.log")));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("docker-registry did not answer on " + host());
    }

    /**
     * Writes an OCI layout holding one single-layer image whose only file has
     * {@code content}, pushes it as {@code repository:tag}, and returns the manifest digest
     * computed here from the bytes written (independently of the code under test).
     */
    String pushImage(String repository, String tag, String content) throws IOException, InterruptedException {
        Path layout = Files.createTempDirectory(work, "oci-");
        OciLayout oci = new OciLayout(layout);
        Map<String, Object> manifest = oci.imageManifest(content, "amd64");
        byte[] manifestBytes = oci.writeBlob(manifest);
        oci.writeIndex(OciLayout.MANIFEST, manifestBytes, tag);
        skopeo(false, "oci:" + layout + ":" + tag, repository + ":" + tag);
        return "sha256:" + Digests.sha256Hex(manifestBytes);
    }

    /** Same for a two-platform image index; returns the digest of the index. */
    String pushIndex(String repository, String tag, String content) throws IOException, InterruptedException {
        Path layout = Files.createTempDirectory(work, "oci-");
        OciLayout oci = new OciLayout(layout);
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (String arch : List.of("amd64", "arm64")) {
            byte[] bytes = oci.writeBlob(oci.imageManifest(content + " " + arch, arch));
            Map<String, Object> descriptor = OciLayout.descriptor(OciLayout.MANIFEST, bytes);
            descriptor.put("platform", Map.of("architecture", arch, "os", "linux"));
            manifests.add(descriptor);
        }
        Map<String, Object> index = new TreeMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", OciLayout.INDEX);
        index.put("manifests", manifests);
        byte[] indexBytes = oci.writeBlob(index);
        oci.writeIndex(OciLayout.INDEX, indexBytes, tag);
        skopeo(true, "oci:" + layout + ":" + tag, repository + ":" + tag);
        return "sha256:" + Digests.sha256Hex(indexBytes);
    }

    /** Pushes the image tagged {@code tag} of an OCI layout directory as {@code repository:tag}. */
    void pushLayout(Path layout, String repository, String tag) throws IOException, InterruptedException {
        skopeo(false, "oci:" + layout + ":" + tag, repository + ":" + tag);
    }

    private void skopeo(boolean all, String source, String destination) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet",
                "--dest-tls-verify=false", "--preserve-digests"));
        if (all) {
            command.add("--all");
        }
        command.add(source);
        command.add("docker://" + host() + "/" + destination);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("skopeo copy failed (apt-get install skopeo?): " + out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Minimal OCI image layout writer (image-spec: oci-layout, index.json, blobs/sha256). */
    static final class OciLayout {
        static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
        static final String INDEX = "application/vnd.oci.image.index.v1+json";
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Path dir;

        OciLayout(Path dir) throws IOException {
            this.dir = dir;
            Files.createDirectories(dir.resolve("blobs/sha256"));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        }

        Map<String, Object> imageManifest(String content, String arch) throws IOException, InterruptedException {
            byte[] layer = layerTar(content);
            String layerDigest = "sha256:" + Digests.sha256Hex(writeRaw(layer));
            Map<String, Object> config = new TreeMap<>();
            config.put("architecture", arch);
            config.put("os", "linux");
            config.put("config", Map.of("Cmd", List.of("/bin/true")));
            config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(layerDigest)));
            byte[] configBytes = writeBlob(config);
            Map<String, Object> manifest = new TreeMap<>();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MANIFEST);
            manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", configBytes));
            manifest.put("layers", List.of(descriptor("application/vnd.oci.image.layer.v1.tar", layer)));
            return manifest;
        }

        /** A real tar (made by tar(1)) holding etc/base-image-id with {@code content}. */
        private byte[] layerTar(String content) throws IOException, InterruptedException {
            Path root = Files.createTempDirectory(dir.getParent(), "rootfs-");
            Files.createDirectories(root.resolve("etc"));
            Files.writeString(root.resolve("etc/base-image-id"), content + "\n");
            Path tar = root.resolveSibling(root.getFileName() + ".tar");
            Process p = new ProcessBuilder("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0",
                    "-C", root.toString(), "-cf", tar.toString(), "etc").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("tar failed: " + out);
            }
            return Files.readAllBytes(tar);
        }

        static Map<String, Object> descriptor(String mediaType, byte[] bytes) {
            Map<String, Object> d = new TreeMap<>();
            d.put("mediaType", mediaType);
            d.put("digest", "sha256:" + Digests.sha256Hex(bytes));
            d.put("size", bytes.length);
            return d;
        }

        byte[] writeBlob(Object json) throws IOException {
            return writeRaw(JSON.writeValueAsBytes(json));
        }

        byte[] writeRaw(byte[] bytes) throws IOException {
            Files.write(dir.resolve("blobs/sha256/" + Digests.sha256Hex(bytes)), bytes);
            return bytes;
        }

        void writeIndex(String mediaType, byte[] manifest, String tag) throws IOException {
            Map<String, Object> descriptor = descriptor(mediaType, manifest);
            descriptor.put("annotations", Map.of("org.opencontainers.image.ref.name", tag));
            Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(
                    Map.of("schemaVersion", 2, "manifests", List.of(descriptor))));
        }
    }
}
