package dev.odooimage.base;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.util.Digests;

/**
 * Crafted images for the reader's tests: real tar layers (symlinks, hard links, whiteouts),
 * written as a docker-save archive (what Jib takes as tar://) or an OCI layout (pushed to a
 * {@link LocalRegistry} with skopeo).
 */
final class TestImage {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One layer: tar entries in the order given. */
    static final class Layer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;

        Layer() {
            tar = new TarArchiveOutputStream(bytes);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Layer dir(String path) {
            return add(new TarArchiveEntry(path.substring(1) + "/"), null);
        }

        Layer file(String path, String content) {
            return file(path, content.getBytes(StandardCharsets.UTF_8), 0644);
        }

        Layer file(String path, byte[] content, int mode) {
            TarArchiveEntry e = new TarArchiveEntry(path.substring(1));
            e.setSize(content.length);
            e.setMode(0100000 | mode);
            return add(e, content);
        }

        Layer symlink(String path, String target) {
            TarArchiveEntry e = new TarArchiveEntry(path.substring(1), TarConstants.LF_SYMLINK);
            e.setLinkName(target);
            return add(e, null);
        }

        Layer hardlink(String path, String target) {
            TarArchiveEntry e = new TarArchiveEntry(path.substring(1), TarConstants.LF_LINK);
            e.setLinkName(target.substring(1));
            return add(e, null);
        }

        /** {@code .wh.<name>}: hides {@code path} of lower layers. */
        Layer whiteout(String path) {
            int cut = path.lastIndexOf('/');
            return file(path.substring(0, cut) + "/.wh." + path.substring(cut + 1), new byte[0], 0644);
        }

        /** {@code .wh..wh..opq}: hides what lower layers put in {@code dir}. */
        Layer opaque(String dir) {
            return file(dir + "/.wh..wh..opq", new byte[0], 0644);
        }

        private Layer add(TarArchiveEntry e, byte[] content) {
            try {
                e.setModTime(0);
                tar.putArchiveEntry(e);
                if (content != null) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
            return this;
        }

        private boolean finished;

        byte[] bytes(boolean gzip) throws IOException {
            if (!finished) {
                tar.finish();
                finished = true;
            }
            byte[] plain = bytes.toByteArray();
            if (!gzip) {
                return plain;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(plain);
            }
            return out.toByteArray();
        }
    }

    private final String architecture;
    private final List<String> env = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();
    private String user = "";

    TestImage(String architecture) {
        this.architecture = architecture;
    }

    TestImage layer(Consumer<Layer> content) {
        Layer l = new Layer();
        content.accept(l);
        layers.add(l);
        return this;
    }

    TestImage env(String entry) {
        env.add(entry);
        return this;
    }

    TestImage user(String user) {
        this.user = user;
        return this;
    }

    private byte[] config(List<String> diffIds) throws IOException {
        Map<String, Object> config = new TreeMap<>();
        config.put("architecture", architecture);
        config.put("os", "linux");
        config.put("config", Map.of("Env", env, "User", user, "Cmd", List.of("/bin/sh")));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        return JSON.writeValueAsBytes(config);
    }

    /** A docker-save archive (gzip'd layers), what Jib reads as tar://; returns {@code tar://<file>}. */
    String writeDockerArchive(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        List<byte[]> blobs = new ArrayList<>();
        for (Layer l : layers) {
            byte[] plain = l.bytes(false);
            byte[] gz = l.bytes(true);
            diffIds.add("sha256:" + Digests.sha256Hex(plain));
            names.add(Digests.sha256Hex(gz) + "/layer.tar");
            blobs.add(gz);
        }
        byte[] config = config(diffIds);
        String configName = Digests.sha256Hex(config) + ".json";
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            // manifest.json last, as docker save writes it: the reader must not rely on order
            for (int i = 0; i < blobs.size(); i++) {
                put(tar, names.get(i), blobs.get(i));
            }
            put(tar, configName, config);
            put(tar, "manifest.json", JSON.writeValueAsBytes(List.of(Map.of("Config", configName,
                    "RepoTags", List.of("crafted:latest"), "Layers", names))));
        }
        return "tar://" + file.toAbsolutePath();
    }

    /** An OCI layout directory tagged {@code tag}; returns the manifest's digest. */
    String writeOciLayout(Path dir, String tag) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        List<Map<String, Object>> descriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (Layer l : layers) {
            byte[] plain = l.bytes(false);
            byte[] gz = l.bytes(true);
            diffIds.add("sha256:" + Digests.sha256Hex(plain));
            descriptors.add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", blob(dir, gz)));
        }
        byte[] config = blob(dir, config(diffIds));
        Map<String, Object> manifest = new TreeMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", config));
        manifest.put("layers", descriptors);
        byte[] manifestBytes = blob(dir, JSON.writeValueAsBytes(manifest));
        Map<String, Object> d = descriptor("application/vnd.oci.image.manifest.v1+json", manifestBytes);
        d.put("annotations", Map.of("org.opencontainers.image.ref.name", tag));
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(Map.of("schemaVersion", 2,
                "manifests", List.of(d))));
        return "sha256:" + Digests.sha256Hex(manifestBytes);
    }

    private static byte[] blob(Path dir, byte[] bytes) throws IOException {
        Files.write(dir.resolve("blobs/sha256/" + Digests.sha256Hex(bytes)), bytes);
        return bytes;
    }

    private static Map<String, Object> descriptor(String mediaType, byte[] bytes) {
        Map<String, Object> d = new TreeMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", "sha256:" + Digests.sha256Hex(bytes));
        d.put("size", bytes.length);
        return d;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    // ------------------------------------------------------------ typical contents

    /** Debian bookworm root with merged /usr, os-release, passwd/group and dpkg status. */
    static void debianRoot(Layer l, String codename, String versionId, String libc6, String extraStatus) {
        l.dir("/usr").dir("/usr/bin").dir("/usr/lib").dir("/etc").dir("/var/lib/dpkg")
                .symlink("/bin", "usr/bin").symlink("/lib", "usr/lib").symlink("/sbin", "usr/sbin")
                .file("/usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux " + versionId + " (" + codename + ")\"\n"
                        + "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"" + versionId + "\"\nVERSION_CODENAME="
                        + codename + "\nID=debian\n")
                .symlink("/etc/os-release", "../usr/lib/os-release")
                .file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:"
                        + "/usr/sbin/nologin\nodoo:x:1000:1000::/var/lib/odoo:/usr/sbin/nologin\n")
                .file("/etc/group", "root:x:0:\nnogroup:x:65534:\nodoo:x:1000:\n")
                .file("/usr/lib/x86_64-linux-gnu/libc.so.6", elf("GNU C Library (Debian GLIBC " + libc6
                        + ") stable release version " + libc6.substring(0, libc6.indexOf('-')) + "."), 0755)
                .file("/var/lib/dpkg/status", stanza("base-files", "12.4+deb12u10", "amd64")
                        + stanza("libc6", libc6, "amd64") + extraStatus);
    }

    /** A CPython under {@code prefix} ({@code /usr}, {@code /usr/local}): binary, stdlib, an extension module. */
    static void python(Layer l, String prefix, String minor, String machine) {
        String nodot = minor.replace(".", "");
        l.file(prefix + "/bin/python" + minor, elf("Python " + minor), 0755)
                .symlink(prefix + "/bin/python3", "python" + minor)
                .file(prefix + "/lib/python" + minor + "/os.py", "# os\n")
                .file(prefix + "/lib/python" + minor + "/lib-dynload/_ssl.cpython-" + nodot + "-" + machine
                        + "-linux-gnu.so", elf("ssl"), 0644);
    }

    static String stanza(String name, String version, String arch) {
        return "Package: " + name + "\nStatus: install ok installed\nPriority: required\nArchitecture: " + arch
                + "\nVersion: " + version + "\nDescription: " + name + "\n continuation line\n\n";
    }

    static byte[] elf(String banner) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        out.writeBytes(new byte[64]);
        out.writeBytes(banner.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {0});
        return out.toByteArray();
    }
}
