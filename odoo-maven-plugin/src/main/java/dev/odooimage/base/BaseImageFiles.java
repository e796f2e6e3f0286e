package dev.odooimage.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.odooimage.util.OdooImageException;

/**
 * The merged file system of a base image, as a container started from it would see it
 * (layers applied in order, whiteouts honoured), read back from the {@link BaseImageReader}'s
 * cache. Every path is indexed (type, mode, owner, size, link target); only small files are
 * kept with their bytes (/etc, /var/lib/dpkg, os-release, Python's patchlevel.h: see
 * {@link #keptFiles()}). Paths are absolute; symlinks are followed inside the image (an
 * absolute target is relative to the image's root, never the build host's). Immutable.
 */
public final class BaseImageFiles {
    private static final int MAX_SYMLINKS = 40;

    private final String image;
    private final String digest;
    private final BaseImageConfig config;
    private final TreeMap<String, BaseImageEntry> entries;
    private final Path filesDir;
    private final Map<String, String> libcVersions;

    BaseImageFiles(String image, String digest, BaseImageConfig config, TreeMap<String, BaseImageEntry> entries,
            Path filesDir, Map<String, String> libcVersions) {
        this.image = image;
        this.digest = digest;
        this.config = config;
        this.entries = entries;
        this.filesDir = filesDir;
        this.libcVersions = Map.copyOf(libcVersions);
    }

    /** The cache entry these files were loaded from (its {@code files/} holds the kept files). */
    Path entryDir() {
        return filesDir.getParent();
    }

    /** The image as it was asked for (the pom's reference, or {@code tar://...}). */
    public String image() {
        return image;
    }

    /**
     * The digest the files are cached by: the image manifest's for a registry image (the
     * platform's manifest when the reference names an index), the config's for a tarball.
     */
    public String digest() {
        return digest;
    }

    public BaseImageConfig config() {
        return config;
    }

    /** The entry at {@code path} itself (a final symlink not followed, like lstat). */
    public Optional<BaseImageEntry> entry(String path) {
        String p = BaseImageEntry.normalise(path);
        if (p.equals("/")) {
            return Optional.empty();
        }
        String parent = resolve(BaseImageEntry.parent(p), 0);
        return parent == null ? Optional.empty()
                : Optional.ofNullable(entries.get(BaseImageEntry.child(parent, p.substring(p.lastIndexOf('/') + 1))));
    }

    /** The entry {@code path} leads to, every symlink followed (like stat); empty when missing or looping. */
    public Optional<BaseImageEntry> lookup(String path) {
        String resolved = resolve(BaseImageEntry.normalise(path), 0);
        return resolved == null ? Optional.empty() : Optional.ofNullable(entries.get(resolved));
    }

    /** The canonical path ({@code realpath}): {@code /bin/python3} on merged /usr is {@code /usr/bin/python3.11}. */
    public Optional<String> realPath(String path) {
        return Optional.ofNullable(resolve(BaseImageEntry.normalise(path), 0));
    }

    public boolean exists(String path) {
        return lookup(path).isPresent();
    }

    /** Whether {@code path} itself is a symlink (e.g. {@code /bin -> usr/bin} on merged /usr). */
    public boolean isSymlink(String path) {
        return entry(path).map(BaseImageEntry::isSymlink).orElse(false);
    }

    /** The target of symlink {@code path} as stored ({@code usr/bin}, {@code python3.11}). */
    public Optional<String> linkTarget(String path) {
        return entry(path).filter(BaseImageEntry::isSymlink).map(BaseImageEntry::link);
    }

    /** Names in directory {@code dir} (itself resolved through symlinks), sorted; empty when not a directory. */
    public List<String> list(String dir) {
        String resolved = resolve(BaseImageEntry.normalise(dir), 0);
        if (resolved == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String p : LayerMerge.descendants(entries, resolved).keySet()) {
            if (BaseImageEntry.parent(p).equals(resolved)) {
                names.add(p.substring(p.lastIndexOf('/') + 1));
            }
        }
        return names;
    }

    /** Every entry whose path (not followed) matches {@code pattern}, by path. */
    public List<BaseImageEntry> find(Pattern pattern) {
        List<BaseImageEntry> out = new ArrayList<>();
        for (BaseImageEntry e : entries.values()) {
            if (pattern.matcher(e.path()).matches()) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every entry of the image, sorted by path (a read-only view, no copy). */
    public Collection<BaseImageEntry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    /**
     * The bytes of file {@code path}, symlinks and hard links followed; empty when the image
     * has no file there.
     *
     * @throws OdooImageException when the file exists but is not one the reader keeps
     */
    public Optional<byte[]> read(String path) {
        String resolved = resolve(BaseImageEntry.normalise(path), 0);
        BaseImageEntry e = resolved == null ? null : entries.get(resolved);
        if (e != null && e.type() == BaseImageEntry.Type.HARDLINK) {
            resolved = e.link();
            e = entries.get(resolved);
        }
        if (e == null || e.type() != BaseImageEntry.Type.FILE) {
            return Optional.empty();
        }
        if (!KeptFiles.kept(resolved, e.size())) {
            throw new OdooImageException(path + (resolved.equals(path) ? "" : " (" + resolved + ")") + " of base image "
                    + image + " is not one of the files the base image reader keeps (" + KeptFiles.describe() + ")");
        }
        try {
            return Optional.of(Files.readAllBytes(filesDir.resolve(resolved.substring(1))));
        } catch (IOException ex) {
            throw new UncheckedIOException("cache of base image " + image + " lacks " + resolved + " ("
                    + filesDir + "); delete that cache directory to read the image again", ex);
        }
    }

    /** {@link #read} as UTF-8 text. */
    public Optional<String> readString(String path) {
        return read(path).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The paths the reader keeps the bytes of, in words. */
    public static String keptFiles() {
        return KeptFiles.describe();
    }

    /**
     * glibc versions read from the banner inside libc binaries ({@code libc.so.6}), by their
     * path: what tells the version of an image without a package database.
     */
    public Map<String, String> libcBanners() {
        return libcVersions;
    }

    /** Resolves symlinks in every component; null when they loop. Missing components stay as they are. */
    private String resolve(String path, int depth) {
        if (depth > MAX_SYMLINKS) {
            return null;
        }
        if (path.equals("/")) {
            return "/";
        }
        String current = "/";
        String[] parts = path.substring(1).split("/");
        for (int i = 0; i < parts.length; i++) {
            String candidate = BaseImageEntry.child(current, parts[i]);
            BaseImageEntry e = entries.get(candidate);
            if (e != null && e.isSymlink()) {
                String target = e.link().startsWith("/") ? e.link() : BaseImageEntry.child(current, e.link());
                String rest = String.join("/", Arrays.copyOfRange(parts, i + 1, parts.length));
                return resolve(BaseImageEntry.normalise(rest.isEmpty() ? target : target + "/" + rest), depth + 1);
            }
            current = candidate;
        }
        return current;
    }
}
