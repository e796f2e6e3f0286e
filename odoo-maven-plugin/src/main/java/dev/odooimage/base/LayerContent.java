package dev.odooimage.base;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import dev.odooimage.util.OdooImageException;

/**
 * What one layer holds, read in one pass over its tar stream: every entry's metadata, the
 * bytes of the {@link KeptFiles kept} files, and the glibc version named inside a libc
 * binary (read through, never kept). Whiteout entries are listed as they are; {@link
 * LayerMerge} gives them their meaning.
 *
 * @param entries  in tar order
 * @param files    kept file bytes by path
 * @param versions glibc version found in a libc binary, by its path
 */
record LayerContent(List<BaseImageEntry> entries, Map<String, byte[]> files, Map<String, String> versions) {
    /** "GNU C Library (Debian GLIBC 2.36-9+deb12u4) stable release version 2.36." */
    private static final Pattern GLIBC_BANNER = Pattern.compile("release version (2\\.[0-9]+)");

    /**
     * Reads a layer, gzip-compressed or plain (detected from its first bytes).
     *
     * @param what the layer's name for messages (digest and image)
     */
    static LayerContent read(InputStream layer, String what) throws IOException {
        InputStream in = new BufferedInputStream(layer, 64 * 1024);
        in.mark(4);
        int b1 = in.read();
        int b2 = in.read();
        int b3 = in.read();
        int b4 = in.read();
        in.reset();
        if (b1 == 0x28 && b2 == 0xb5 && b3 == 0x2f && b4 == 0xfd) {
            throw new OdooImageException(what + " is zstd-compressed; the base image reader reads gzip or plain "
                    + "layers: use a base image published with gzip layers");
        }
        if (b1 == 0x1f && b2 == 0x8b) {
            in = GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
        }
        List<BaseImageEntry> entries = new ArrayList<>();
        Map<String, byte[]> files = new HashMap<>();
        Map<String, String> versions = new HashMap<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String path = BaseImageEntry.normalise(e.getName());
            if (path.equals("/")) {
                continue;
            }
            BaseImageEntry.Type type = type(e);
            String link = e.isSymbolicLink() ? e.getLinkName()
                    : e.isLink() ? BaseImageEntry.normalise(e.getLinkName()) : "";
            long size = type == BaseImageEntry.Type.FILE ? e.getSize() : 0;
            entries.add(new BaseImageEntry(path, type, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
                    size, link));
            if (type != BaseImageEntry.Type.FILE) {
                continue;
            }
            if (KeptFiles.kept(path, size)) {
                files.put(path, tar.readAllBytes());
            } else if (KeptFiles.LIBC.matcher(path).matches() && size <= 64L * 1024 * 1024) {
                // A few MB, read through once: the banner is the only version a libc-only
                // image (no dpkg database, a libc.so.6 without version in its name) tells.
                Matcher m = GLIBC_BANNER.matcher(new String(tar.readAllBytes(), StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    versions.put(path, m.group(1));
                }
            }
        }
        // Drain the end-of-archive padding, so a digest computed over the stream is complete.
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return new LayerContent(List.copyOf(entries), files, versions);
    }

    private static BaseImageEntry.Type type(TarArchiveEntry e) {
        if (e.isDirectory()) {
            return BaseImageEntry.Type.DIRECTORY;
        }
        if (e.isSymbolicLink()) {
            return BaseImageEntry.Type.SYMLINK;
        }
        if (e.isLink()) {
            return BaseImageEntry.Type.HARDLINK;
        }
        return e.isFile() ? BaseImageEntry.Type.FILE : BaseImageEntry.Type.OTHER;
    }
}
