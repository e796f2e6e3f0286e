package dev.odooimage.its;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the image tarball jib:buildTar writes (docker-save layout: manifest.json, the config
 * JSON, one gzip'ed tar per layer) with the JDK alone, so the tests can look at every entry
 * and every byte of every layer.
 */
final class ImageTarball {
    /** One file of a layer as the tar header has it. */
    record Entry(String name, int mode, int uid, int gid, char type, long size, long mtime) {
        boolean directory() {
            return type == '5';
        }
    }

    /** One layer: its entries and its uncompressed bytes. */
    record Layer(String file, List<Entry> entries, byte[] tar) {
    }

    final JsonNode config;
    final byte[] configBytes;
    final List<Layer> layers;

    private ImageTarball(JsonNode config, byte[] configBytes, List<Layer> layers) {
        this.config = config;
        this.configBytes = configBytes;
        this.layers = layers;
    }

    static ImageTarball read(Path tarball) {
        try {
            Map<String, byte[]> files = new LinkedHashMap<>();
            try (InputStream in = Files.newInputStream(tarball)) {
                for (Map.Entry<Entry, byte[]> e : entries(in).entrySet()) {
                    files.put(e.getKey().name(), e.getValue());
                }
            }
            ObjectMapper json = new ObjectMapper();
            JsonNode manifest = json.readTree(files.get("manifest.json")).get(0);
            byte[] configBytes = files.get(manifest.get("Config").asText());
            List<Layer> layers = new ArrayList<>();
            for (JsonNode l : manifest.get("Layers")) {
                byte[] tar;
                try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(files.get(l.asText())))) {
                    tar = gz.readAllBytes();
                }
                List<Entry> entries = new ArrayList<>(entries(new java.io.ByteArrayInputStream(tar)).keySet());
                layers.add(new Layer(l.asText(), entries, tar));
            }
            return new ImageTarball(json.readTree(configBytes), configBytes, layers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image tarball " + tarball, e);
        }
    }

    /** The image ID (sha256 of the config), what jib-image.id holds. */
    String imageId() {
        return "sha256:" + java.util.HexFormat.of().formatHex(sha256(configBytes));
    }

    /** Layers our extension added (the base image's layers come first). */
    List<Layer> topLayers(int count) {
        return layers.subList(layers.size() - count, layers.size());
    }

    static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i <= haystack.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A minimal ustar reader: pax "path" records and GNU long names are honoured. */
    private static Map<Entry, byte[]> entries(InputStream in) throws IOException {
        Map<Entry, byte[]> out = new LinkedHashMap<>();
        String longName = null;
        while (true) {
            byte[] h = in.readNBytes(512);
            if (h.length < 512 || isZero(h)) {
                return out;
            }
            String name = str(h, 0, 100);
            String prefix = str(h, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            char type = (char) h[156];
            long size = octal(h, 124, 12);
            byte[] data = in.readNBytes((int) size);
            in.readNBytes((int) ((512 - size % 512) % 512));
            if (type == 'x' || type == 'L') {
                String text = new String(data, StandardCharsets.UTF_8);
                if (type == 'L') {
                    longName = text.replace("\0", "");
                } else {
                    for (String rec : text.split("\n")) {
                        int sp = rec.indexOf(' ');
                        if (sp > 0 && rec.substring(sp + 1).startsWith("path=")) {
                            longName = rec.substring(sp + 1 + "path=".length());
                        }
                    }
                }
                continue;
            }
            if (longName != null) {
                name = longName;
                longName = null;
            }
            out.put(new Entry(name, (int) octal(h, 100, 8), (int) octal(h, 108, 8), (int) octal(h, 116, 8),
                    type == 0 ? '0' : type, size, octal(h, 136, 12)), data);
        }
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String str(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len) {
        String s = str(h, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

}
