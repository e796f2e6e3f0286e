package dev.odooimage.base;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.odooimage.util.AtomicFiles;

/**
 * The on-disk cache of read base images, one directory per digest:
 * {@code <root>/<algorithm>-<hex>/} with {@code config.json} (the image config as pulled),
 * {@code index.tsv} (one line per path: type, mode, uid, gid, size, path, link),
 * {@code libc.properties}, {@code image.properties} (the manifest digest), {@code files/<path>} (the kept files) and {@code COMPLETE}
 * (the format version, written last); {@code facts.json} ({@link BaseFactsFile}) is added beside
 * them the first time the facts are derived, so that later builds read the facts alone. A directory is built beside its final name and moved
 * into place in one rename, so a reader never trusts a half-written entry; a digest names
 * immutable content, so an entry never needs refreshing.
 */
final class BaseImageCache {
    /** Bump when the content of an entry changes meaning (e.g. {@link KeptFiles} keeps more). */
    static final String FORMAT = "odoo-image-maven base cache 1";

    /** Entries loaded in this JVM, by directory and reference; at most {@link #LOADED_MAX}. */
    private static final int LOADED_MAX = 4;
    private static final Map<String, Loaded> LOADED = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Loaded> eldest) {
            return size() > LOADED_MAX;
        }
    };

    private record Loaded(String stamp, BaseImageFiles files) {
    }

    /** Stored facts read in this JVM, by entry directory; at most {@link #LOADED_MAX}. */
    private static final Map<String, Read> FACTS = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Read> eldest) {
            return size() > LOADED_MAX;
        }
    };

    private record Read(String stamp, BaseFacts facts) {
    }

    private final Path root;

    BaseImageCache(Path root) {
        this.root = root;
    }

    Path dir(String key) {
        return root.resolve(key.replace(':', '-').replace('/', '-'));
    }

    /**
     * The cached files under {@code key}, or empty when not (completely) cached. Entries already
     * loaded in this JVM (the goals of one build each read the base) are reused while the
     * entry's {@code COMPLETE} and {@code index.tsv} keep their file identity and time; an entry
     * replaced or invalidated since is read again.
     */
    Optional<BaseImageFiles> load(String key, String image) {
        Path dir = dir(key);
        try {
            if (!Files.isRegularFile(dir.resolve("COMPLETE"))
                    || !FORMAT.equals(Files.readString(dir.resolve("COMPLETE")).strip())) {
                return Optional.empty();
            }
            String memoKey = dir.toAbsolutePath() + "\0" + image;
            String stamp = stamp(dir.resolve("COMPLETE")) + "|" + stamp(dir.resolve("index.tsv"));
            synchronized (LOADED) {
                Loaded hit = LOADED.get(memoKey);
                if (hit != null && hit.stamp.equals(stamp)) {
                    return Optional.of(hit.files);
                }
            }
            BaseImageConfig config = BaseImageConfig.parse(Files.readAllBytes(dir.resolve("config.json")),
                    image);
            TreeMap<String, BaseImageEntry> entries = new TreeMap<>();
            try (BufferedReader in = Files.newBufferedReader(dir.resolve("index.tsv"), StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    BaseImageEntry e = parse(line);
                    entries.put(e.path(), e);
                }
            }
            Properties libc = properties(dir.resolve("libc.properties"));
            String digest = properties(dir.resolve("image.properties")).getProperty("digest");
            Map<String, String> versions = new HashMap<>();
            libc.stringPropertyNames().forEach(k -> versions.put(k, libc.getProperty(k)));
            BaseImageFiles files = new BaseImageFiles(image, digest, config, entries, dir.resolve("files"), versions);
            synchronized (LOADED) {
                LOADED.put(memoKey, new Loaded(stamp, files));
            }
            return Optional.of(files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the base image cache " + dir + ": " + e.getMessage()
                    + "; delete that directory to read the image again", e);
        }
    }

    /**
     * The facts stored in entry {@code key} ({@link BaseFactsFile}), read without its index or
     * kept files; empty when the entry is not complete or holds no facts to trust (missing,
     * corrupt, of another format or deriving code): then {@link #facts(BaseImageFiles)} derives them.
     */
    Optional<BaseFacts> facts(String key, String image) {
        Path dir = dir(key);
        Path file = dir.resolve(BaseFactsFile.NAME);
        try {
            if (!Files.isRegularFile(dir.resolve("COMPLETE"))
                    || !FORMAT.equals(Files.readString(dir.resolve("COMPLETE")).strip())
                    || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String memoKey = dir.toAbsolutePath().toString();
            String stamp = stamp(dir.resolve("COMPLETE")) + "|" + stamp(file);
            synchronized (FACTS) {
                Read hit = FACTS.get(memoKey);
                if (hit != null && hit.stamp.equals(stamp)) {
                    return Optional.of(hit.facts.withImage(image));
                }
            }
            Optional<BaseFacts> read = BaseFactsFile.read(file, image);
            read.ifPresent(f -> {
                synchronized (FACTS) {
                    FACTS.put(memoKey, new Read(stamp, f));
                }
            });
            return read;
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty(); // unreadable: derived again from the entry (which reports what is wrong)
        }
    }

    /**
     * The facts of {@code files} (an entry of this cache), derived and stored in the entry for the
     * next builds. Storing is best effort: a cache that cannot be written only costs deriving again.
     */
    BaseFacts facts(BaseImageFiles files) {
        BaseFacts facts = BaseFacts.of(files);
        Path file = files.entryDir().resolve(BaseFactsFile.NAME);
        if (!BaseFactsFile.read(file, files.image()).equals(Optional.of(facts))) {
            try {
                BaseFactsFile.write(file, facts);
            } catch (UncheckedIOException e) {
                // best effort (read-only cache, full disk): nothing half-written is left, the next build derives again
            }
        }
        return facts;
    }

    /** File identity, size and time: a cache entry is replaced by a rename, never edited in place. */
    private static String stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return a.fileKey() + "," + a.size() + "," + a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    /**
     * The config digest {@link #rememberTarball} recorded for {@code tarball}, when the file still
     * has the recorded path, identity, size and modification time (else empty: read it again).
     */
    Optional<String> tarballDigest(Path tarball) {
        Path note = tarballNote(tarball);
        try {
            if (!Files.isRegularFile(note)) {
                return Optional.empty();
            }
            Properties p = properties(note);
            String now = tarballStamp(tarball);
            return now.equals(p.getProperty("stamp")) && tarball.toAbsolutePath().normalize().toString()
                    .equals(p.getProperty("path")) ? Optional.ofNullable(p.getProperty("digest")) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // an unreadable note only costs a full read
        }
    }

    /** Records that {@code tarball}, as it is on disk now, holds the image whose config has {@code digest}. */
    void rememberTarball(Path tarball, String stampBeforeRead, String digest) {
        try {
            if (!stampBeforeRead.equals(tarballStamp(tarball))) {
                return; // changed while it was read: record nothing
            }
            Properties p = new Properties();
            p.setProperty("path", tarball.toAbsolutePath().normalize().toString());
            p.setProperty("stamp", stampBeforeRead);
            p.setProperty("digest", digest);
            java.io.StringWriter text = new java.io.StringWriter();
            p.store(text, "tar:// base image read by odoo-maven-plugin; deleting this file only costs a re-read");
            AtomicFiles.writeString(tarballNote(tarball), text.toString());
        } catch (IOException | UncheckedIOException e) {
            // best effort: without the note the next build reads the tarball again
        }
    }

    /** Identity, size and modification time of a tarball: what {@link #tarballDigest} compares. */
    static String tarballStamp(Path tarball) throws IOException {
        return stamp(tarball);
    }

    private Path tarballNote(Path tarball) {
        String path = tarball.toAbsolutePath().normalize().toString();
        return root.resolve("tarballs").resolve(dev.odooimage.util.Digests.sha256Hex(
                path.getBytes(StandardCharsets.UTF_8)) + ".properties");
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    /**
     * Writes the merged layers under {@code key} and moves them into place atomically.
     *
     * @param key    the digest the image is asked by (plus the platform for an index)
     * @param digest the digest of the image manifest (of the config for an archive)
     */
    void store(String key, String digest, byte[] config, LayerMerge merged) {
        Path dir = dir(key);
        Path staging = null;
        try {
            Files.createDirectories(root);
            staging = Files.createTempDirectory(root, "." + dir.getFileName() + ".");
            Files.write(staging.resolve("config.json"), config);
            try (BufferedWriter out = Files.newBufferedWriter(staging.resolve("index.tsv"), StandardCharsets.UTF_8)) {
                for (BaseImageEntry e : merged.entries.values()) {
                    out.write(format(e));
                    out.write('\n');
                }
            }
            for (Map.Entry<String, byte[]> f : merged.files.entrySet()) {
                Path file = staging.resolve("files").resolve(f.getKey().substring(1));
                Files.createDirectories(file.getParent());
                Files.write(file, f.getValue());
            }
            Properties libc = new Properties();
            libc.putAll(merged.versions);
            try (OutputStream out = Files.newOutputStream(staging.resolve("libc.properties"))) {
                libc.store(out, null);
            }
            Properties image = new Properties();
            image.setProperty("digest", digest);
            try (OutputStream out = Files.newOutputStream(staging.resolve("image.properties"))) {
                image.store(out, null);
            }
            Files.writeString(staging.resolve("COMPLETE"), FORMAT + "\n");
            if (Files.exists(dir)) {
                // an entry of an older format, or one without COMPLETE: never trusted, replaced
                AtomicFiles.replaceDirectory(staging, dir);
            } else {
                try {
                    Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    if (load(key, key).isEmpty()) {
                        throw raced;
                    }
                    // another build cached the same digest first: same content
                    AtomicFiles.deleteRecursively(staging);
                }
            }
            staging = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the base image cache " + dir + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                try {
                    AtomicFiles.deleteRecursively(staging);
                } catch (IOException ignored) {
                    // best effort: a stale staging directory is never read
                }
            }
        }
    }

    private static String format(BaseImageEntry e) {
        return switch (e.type()) {
            case FILE -> "f";
            case DIRECTORY -> "d";
            case SYMLINK -> "l";
            case HARDLINK -> "h";
            case OTHER -> "o";
        } + "\t" + Integer.toOctalString(e.mode()) + "\t" + e.uid() + "\t" + e.gid() + "\t" + e.size() + "\t"
                + escape(e.path()) + "\t" + escape(e.link());
    }

    private static BaseImageEntry parse(String line) {
        String[] f = line.split("\t", -1);
        BaseImageEntry.Type type = switch (f[0]) {
            case "f" -> BaseImageEntry.Type.FILE;
            case "d" -> BaseImageEntry.Type.DIRECTORY;
            case "l" -> BaseImageEntry.Type.SYMLINK;
            case "h" -> BaseImageEntry.Type.HARDLINK;
            default -> BaseImageEntry.Type.OTHER;
        };
        return new BaseImageEntry(unescape(f[5]), type, Integer.parseInt(f[1], 8), Long.parseLong(f[2]),
                Long.parseLong(f[3]), Long.parseLong(f[4]), unescape(f[6]));
    }

    /** Tabs and newlines are legal in tar names; they must not break the line format. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
