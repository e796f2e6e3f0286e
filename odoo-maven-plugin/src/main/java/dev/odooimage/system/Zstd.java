package dev.odooimage.system;

import java.io.InputStream;
import java.nio.file.Path;

import io.airlift.compress.zstd.ZstdInputStream;

/** zstd members (Ubuntu's .debs use data.tar.zst), read in pure Java with aircompressor: no native code. */
final class Zstd {
    private Zstd() {
    }

    static InputStream decompress(InputStream in, Path deb) {
        return new ZstdInputStream(in);
    }
}
