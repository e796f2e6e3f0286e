package dev.odooimage.its;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Debian's docker-registry on 127.0.0.1 with images pushed by skopeo from OCI layouts this
 * class writes, so that their manifest digests are known independently of the code under
 * test. (Until the shared kit's test base image registry is on main.)
 */
final class ItsRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Path work;
    private final int port;
    private final String credentials;

    private ItsRegistry(Process process, Path work, int port, String credentials) {
        this.process = process;
        this.work = work;
        this.port = port;
        this.credentials = credentials;
    }

    static ItsRegistry start(Path work) throws Exception {
        return start(work, null, null);
    }

    /**
     * With {@code user} and {@code password}: the registry demands them (htpasswd, basic auth
     * challenge), as a private registry does.
     */
    static ItsRegistry start(Path work, String user, String password) throws Exception {
        Path binary = Path.of("/usr/bin/docker-registry");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: apt-get install docker-registry skopeo");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = work.resolve("registry.yml");
        String auth = "";
        if (user != null) {
            Path htpasswd = work.resolve("htpasswd");
            Files.writeString(htpasswd, user + ":" + bcrypt(password) + "\n");
            auth = "auth:\n  htpasswd:\n    realm: its\n    path: " + htpasswd + "\n";
        }
        Files.writeString(config, "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
                + Files.createDirectories(work.resolve("registry-storage")) + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n"
                + auth);
        Process p = new ProcessBuilder(binary.toString(), "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("registry.log").toFile()).start();
        ItsRegistry registry = new ItsRegistry(p, work, port, user == null ? null : user + ":" + password);
        for (int i = 0; i < 300; i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(work.resolve("registry.log")));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + registry.host() + "/v2/").toURL()
                        .openConnection();
                int status = c.getResponseCode();
                if (status == 200 || (user != null && status == 401)) {
                    return registry;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("docker-registry did not start on " + registry.host());
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    /**
     * Pushes a one-layer image holding /etc/base-image-id = content and the files by which the
     * build recognises a Debian bookworm base with its python3 (merged /usr, /usr/bin/python3.11 and
     * its standard library, dpkg's libc6 2.36; stand-ins, nothing in it runs), so that check-base
     * can read its facts; returns its manifest digest.
     */
    String push(String repository, String tag, String content) throws Exception {
        Path layout = Files.createTempDirectory(work, "oci-");
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Path root = Files.createTempDirectory(work, "rootfs-");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/base-image-id"), content + "\n");
        Files.writeString(root.resolve("etc/os-release"), "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n");
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("usr/lib/python3.11"));
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Files.writeString(root.resolve("usr/bin/python3.11"), "#!/bin/false\n");
        Files.writeString(root.resolve("usr/lib/python3.11/os.py"), "# stand-in\n");
        Files.writeString(root.resolve("var/lib/dpkg/status"), "Package: libc6\nStatus: install ok installed\n"
                + "Architecture: amd64\nVersion: 2.36-9+deb12u10\n");
        Path tar = work.resolve(root.getFileName() + ".tar");
        exec(List.of("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "-C", root.toString(),
                "-cf", tar.toString(), "bin", "etc", "usr", "var"));
        byte[] layer = blob(layout, Files.readAllBytes(tar));
        Map<String, Object> config = new TreeMap<>(Map.of("architecture", "amd64", "os", "linux",
                "rootfs", Map.of("type", "layers", "diff_ids", List.of(digest(layer)))));
        byte[] configBytes = blob(layout, JSON.writeValueAsBytes(config));
        Map<String, Object> manifest = new TreeMap<>(Map.of("schemaVersion", 2,
                "mediaType", "application/vnd.oci.image.manifest.v1+json",
                "config", descriptor("application/vnd.oci.image.config.v1+json", configBytes),
                "layers", List.of(descriptor("application/vnd.oci.image.layer.v1.tar", layer))));
        byte[] manifestBytes = blob(layout, JSON.writeValueAsBytes(manifest));
        Map<String, Object> ref = descriptor("application/vnd.oci.image.manifest.v1+json", manifestBytes);
        ref.put("annotations", Map.of("org.opencontainers.image.ref.name", tag));
        Files.write(layout.resolve("index.json"),
                JSON.writeValueAsBytes(Map.of("schemaVersion", 2, "manifests", List.of(ref))));
        List<String> copy = new java.util.ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet",
                "--dest-tls-verify=false", "--preserve-digests"));
        if (credentials != null) {
            copy.add("--dest-creds=" + credentials);
        }
        copy.addAll(List.of("oci:" + layout + ":" + tag, "docker://" + host() + "/" + repository + ":" + tag));
        exec(copy);
        return digest(manifestBytes);
    }

    private static byte[] blob(Path layout, byte[] bytes) throws IOException {
        Files.write(layout.resolve("blobs/sha256/" + digest(bytes).substring(7)), bytes);
        return bytes;
    }

    private static Map<String, Object> descriptor(String mediaType, byte[] bytes) {
        return new TreeMap<>(Map.of("mediaType", mediaType, "digest", digest(bytes), "size", bytes.length));
    }

    /** htpasswd wants bcrypt; Debian's Python 3.11 crypt module (libxcrypt) makes it. */
    private static String bcrypt(String password) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-W", "ignore", "-c",
                "import crypt,sys; print(crypt.crypt(sys.stdin.readline().strip(), crypt.mksalt(crypt.METHOD_BLOWFISH)))")
                .start();
        p.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String hash = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || !hash.startsWith("$2")) {
            throw new IllegalStateException("cannot make a bcrypt hash with /usr/bin/python3: " + hash);
        }
        return hash;
    }

    static String digest(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
