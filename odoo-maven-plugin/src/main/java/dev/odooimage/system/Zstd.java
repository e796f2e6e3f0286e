package dev.odooimage.system;

import java.io.InputStream;
import java.nio.file.Path;

import dev.odooimage.util.OdooImageException;

/** zstd members (Ubuntu's .debs): not read yet; Debian's own archive uses xz. */
final class Zstd {
    private Zstd() {
    }

    static InputStream decompress(InputStream in, Path deb) {
        throw new OdooImageException(deb + " is compressed with zstd, which this plugin does not read yet;"
                + " use packages from Debian's archive (xz)");
    }
}
