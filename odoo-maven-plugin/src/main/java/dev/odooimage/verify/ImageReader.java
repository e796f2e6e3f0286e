package dev.odooimage.verify;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.system.ElfDynamic;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * Reads an image tarball as Jib's {@code buildTar} writes it: the {@code docker save}
 * layout (manifest.json) or the OCI image layout (oci-layout, index.json, blobs/),
 * layers gzip'd or not. Two sequential passes over the file: metadata first, then every
 * layer, bottom to top, listing entries, capturing the small files the checks need,
 * and scanning every byte (raw, and again decompressed) for secrets.
 */
public final class ImageReader {
    /** Small tar entries are kept in memory in the first pass (manifests, configs). */
    private static final long METADATA_MAX = 4L * 1024 * 1024;
    /** Captured files above this size are not kept (dpkg status of a large image is ~2 MB). */
    private static final long CAPTURE_MAX = 16L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Distinct secret findings kept; more only repeat the lesson and cost memory. */
    static final int MAX_HITS = 1000;

    /** ELF files above this size are not inspected (no shared library comes near it). */
    private static final long ELF_MAX = 1L << 30;

    private final Predicate<String> capture;
    private final SecretScanner scanner;
    private final ElfScope elfScope;

    /** Which files to read the dynamic section of, knowing the image config (its history names the layers). */
    @FunctionalInterface
    public interface ElfScope {
        boolean test(ImageConfig config, int layer, String path);
    }

    /**
     * @param capture which image paths (normalised, absolute) to keep the content of
     * @param scanner the secrets to look for (may be empty)
     */
    public ImageReader(Predicate<String> capture, SecretScanner scanner) {
        this(capture, scanner, (c, l, p) -> false);
    }

    /** As above, and the {@code DT_NEEDED}/{@code RPATH}/{@code RUNPATH} of the ELF files in {@code elfScope}. */
    public ImageReader(Predicate<String> capture, SecretScanner scanner, ElfScope elfScope) {
        this.capture = capture;
        this.scanner = scanner;
        this.elfScope = elfScope;
    }

    public ImageSnapshot read(Path tarball) {
        if (!Files.isRegularFile(tarball)) {
            throw new OdooImageException("image tarball " + tarball + " does not exist: run `mvn package` first"
                    + " (Jib's buildTar writes it), or set odoo.image.tarball to the file to check");
        }
        try {
            Map<String, byte[]> small = readSmallEntries(tarball);
            Layout layout = layout(tarball, small);
            ImageConfig config = ImageConfig.parse(JSON.readTree(layout.config()));
            List<List<LayerEntry>> layers = new ArrayList<>();
            List<Map<String, byte[]>> contents = new ArrayList<>();
            List<Map<String, ElfDynamic>> elves = new ArrayList<>();
            for (int i = 0; i < layout.layerNames().size(); i++) {
                layers.add(null);
                contents.add(new HashMap<>());
                elves.add(new HashMap<>());
            }
            Set<ImageSnapshot.SecretHit> hits = new LinkedHashSet<>();
            readLayers(tarball, layout, config, layers, contents, elves, hits);
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) == null) {
                    throw new OdooImageException("image tarball " + tarball + " is incomplete: layer "
                            + layout.layerNames().get(i) + " listed in its manifest is missing");
                }
            }
            return new ImageSnapshot(layout.format(), "sha256:" + Digests.sha256Hex(layout.config()), config,
                    List.copyOf(layers), List.copyOf(contents), List.copyOf(hits), List.copyOf(elves));
        } catch (IOException e) {
            throw new OdooImageException("cannot read image tarball " + tarball + ": " + e.getMessage()
                    + " (is it a docker or OCI image tarball written by Jib's buildTar?)", e);
        }
    }

    private record Layout(String format, byte[] config, List<String> layerNames) {
    }

    private static Layout layout(Path tarball, Map<String, byte[]> small) throws IOException {
        if (small.containsKey("index.json") && small.containsKey("oci-layout")) {
            JsonNode index = JSON.readTree(small.get("index.json"));
            JsonNode manifests = index.path("manifests");
            if (manifests.size() != 1) {
                throw new OdooImageException("OCI layout in " + tarball + " has " + manifests.size()
                        + " manifests in index.json; odoo:verify checks single-platform images only");
            }
            JsonNode manifest = JSON.readTree(blob(tarball, small, manifests.get(0).path("digest").asText()));
            byte[] config = blob(tarball, small, manifest.path("config").path("digest").asText());
            List<String> layers = new ArrayList<>();
            for (JsonNode l : manifest.path("layers")) {
                String media = l.path("mediaType").asText("");
                if (media.contains("zstd")) {
                    throw new OdooImageException("layer " + l.path("digest").asText() + " of " + tarball
                            + " is zstd-compressed (" + media + "); odoo:verify reads gzip or plain layers");
                }
                layers.add(blobName(l.path("digest").asText()));
            }
            return new Layout("oci", config, layers);
        }
        byte[] manifestJson = small.get("manifest.json");
        if (manifestJson == null) {
            throw new OdooImageException("image tarball " + tarball + " has neither manifest.json (docker save"
                    + " layout) nor index.json + oci-layout (OCI layout); rebuild it with `mvn package`");
        }
        JsonNode manifest = JSON.readTree(manifestJson);
        if (manifest.size() != 1) {
            throw new OdooImageException("manifest.json in " + tarball + " lists " + manifest.size()
                    + " images; odoo:verify checks a tarball holding exactly one image");
        }
        String configName = manifest.get(0).path("Config").asText();
        byte[] config = small.get(configName);
        if (config == null) {
            throw new OdooImageException("image config " + configName + " named by manifest.json is missing from "
                    + tarball);
        }
        List<String> layers = new ArrayList<>();
        for (JsonNode l : manifest.get(0).path("Layers")) {
            layers.add(l.asText());
        }
        return new Layout("docker", config, layers);
    }

    private static String blobName(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }

    private static byte[] blob(Path tarball, Map<String, byte[]> small, String digest) {
        byte[] b = small.get(blobName(digest));
        if (b == null) {
            throw new OdooImageException("blob " + digest + " is missing from OCI layout " + tarball);
        }
        return b;
    }

    private static Map<String, byte[]> readSmallEntries(Path tarball) throws IOException {
        Map<String, byte[]> small = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(Files.newInputStream(tarball)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile() && e.getSize() <= METADATA_MAX) {
                    small.put(outerName(e.getName()), tar.readAllBytes());
                }
            }
        }
        return small;
    }

    private static String outerName(String name) {
        String n = LayerEntry.normalise(name);
        return n.substring(1);
    }

    private void readLayers(Path tarball, Layout layout, ImageConfig config, List<List<LayerEntry>> layers,
            List<Map<String, byte[]>> contents, List<Map<String, ElfDynamic>> elves,
            Set<ImageSnapshot.SecretHit> hits) throws IOException {
        Map<String, List<Integer>> positions = new HashMap<>();
        for (int i = 0; i < layout.layerNames().size(); i++) {
            positions.computeIfAbsent(layout.layerNames().get(i), k -> new ArrayList<>()).add(i);
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(maybeGunzip(Files.newInputStream(tarball)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isFile()) {
                    continue;
                }
                String name = outerName(e.getName());
                List<Integer> at = positions.get(name);
                String where = at == null ? name : "layer " + at.get(0) + " (" + name + ")";
                // Raw bytes as stored: catches secrets in configs, labels and uncompressed layers.
                InputStream raw = new ScanningStream(tar, scanner, idx -> addHit(hits,
                        new ImageSnapshot.SecretHit(scanner.secrets().get(idx).label(), where)));
                if (at == null) {
                    raw.transferTo(OutputStreamSink.INSTANCE);
                    continue;
                }
                List<LayerEntry> entries = readLayer(raw, at.get(0), name, contents.get(at.get(0)),
                        (path) -> at.stream().anyMatch(i -> elfScope.test(config, i, path)), elves.get(at.get(0)),
                        hits);
                for (int i : at) {
                    layers.set(i, i == at.get(0) ? entries : relabel(entries, i));
                    if (i != at.get(0)) {
                        contents.get(i).putAll(contents.get(at.get(0)));
                        elves.get(i).putAll(elves.get(at.get(0)));
                    }
                }
                raw.transferTo(OutputStreamSink.INSTANCE);
            }
        }
    }

    private static void addHit(Set<ImageSnapshot.SecretHit> hits, ImageSnapshot.SecretHit hit) {
        if (hits.size() < MAX_HITS) {
            hits.add(hit);
        }
    }

    private static List<LayerEntry> relabel(List<LayerEntry> entries, int layer) {
        List<LayerEntry> out = new ArrayList<>(entries.size());
        for (LayerEntry e : entries) {
            out.add(new LayerEntry(e.path(), e.type(), e.mode(), e.uid(), e.gid(), e.size(), e.link(), layer));
        }
        return out;
    }

    private List<LayerEntry> readLayer(InputStream raw, int index, String name, Map<String, byte[]> captured,
            Predicate<String> inspect, Map<String, ElfDynamic> elves, Set<ImageSnapshot.SecretHit> hits)
            throws IOException {
        InputStream in = new BufferedInputStream(new NonClosing(raw), 64 * 1024);
        boolean gzip = isGzip(in);
        String[] current = {""};
        if (gzip) {
            in = GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
        }
        List<LayerEntry> entries = new ArrayList<>();
        // Decompressed bytes, headers included: a secret in a file name is found too.
        ScanningStream plain = new ScanningStream(in, scanner, idx -> addHit(hits, new ImageSnapshot.SecretHit(
                scanner.secrets().get(idx).label(), "layer " + index + " (" + name + ") " + current[0])));
        try (TarArchiveInputStream tar = new TarArchiveInputStream(plain)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String path = LayerEntry.normalise(e.getName());
                current[0] = path;
                LayerEntry entry = new LayerEntry(path, type(e), e.getMode() & 07777, e.getLongUserId(),
                        e.getLongGroupId(), e.isFile() ? e.getSize() : 0,
                        e.isSymbolicLink() || e.isLink() ? e.getLinkName() : "", index);
                entries.add(entry);
                elves.remove(path); // a later entry of the same path replaces it
                boolean keep = entry.type() == LayerEntry.Type.FILE && e.getSize() <= CAPTURE_MAX && capture.test(path);
                boolean elf = entry.type() == LayerEntry.Type.FILE && e.getSize() >= 64 && e.getSize() <= ELF_MAX
                        && inspect.test(path);
                if (keep) {
                    captured.put(path, tar.readAllBytes());
                    if (elf) {
                        ElfDynamic.parse(captured.get(path)).ifPresent(d -> elves.put(path, d));
                    }
                } else if (elf) {
                    // Only ELF files are read whole: the magic first.
                    byte[] head = tar.readNBytes(4);
                    if (head.length == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
                        byte[] rest = tar.readAllBytes();
                        byte[] all = new byte[4 + rest.length];
                        System.arraycopy(head, 0, all, 0, 4);
                        System.arraycopy(rest, 0, all, 4, rest.length);
                        ElfDynamic.parse(all).ifPresent(d -> elves.put(path, d));
                    }
                }
            }
            // Drain the padding so every byte of the layer went through the scanner.
            plain.transferTo(OutputStreamSink.INSTANCE);
        }
        return List.copyOf(entries);
    }

    private static LayerEntry.Type type(TarArchiveEntry e) {
        if (e.isDirectory()) {
            return LayerEntry.Type.DIRECTORY;
        }
        if (e.isSymbolicLink()) {
            return LayerEntry.Type.SYMLINK;
        }
        if (e.isLink()) {
            return LayerEntry.Type.HARDLINK;
        }
        return e.isFile() ? LayerEntry.Type.FILE : LayerEntry.Type.OTHER;
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }

    private static InputStream maybeGunzip(InputStream file) throws IOException {
        InputStream in = new BufferedInputStream(file, 64 * 1024);
        return isGzip(in) ? GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get() : in;
    }

    /** Passes bytes through while feeding them to a secret matcher. */
    static final class ScanningStream extends FilterInputStream {
        final SecretScanner.Matcher matcher;

        ScanningStream(InputStream in, SecretScanner scanner, SecretScanner.HitSink sink) {
            super(in);
            this.matcher = scanner.matcher(sink);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                matcher.update(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                matcher.update(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipping would hide bytes from the scanner: read them instead.
            byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** The outer tar stream must stay open when a layer reader closes its view of it. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the outer tar entry is drained and closed by its owner
        }
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
