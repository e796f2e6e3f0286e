package dev.odooimage.python;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Unix modes of zip entries, read from the central directory ({@code java.util.zip} does not
 * expose external attributes). Only the executable bit matters to the installer.
 */
final class ZipModes {
    private ZipModes() {
    }

    static Map<String, Integer> read(Path zip) throws IOException {
        Map<String, Integer> modes = new HashMap<>();
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = ch.size();
            int tailLen = (int) Math.min(size, 65_557);
            ByteBuffer tail = ByteBuffer.allocate(tailLen).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(tail, size - tailLen);
            int eocd = -1;
            for (int i = tailLen - 22; i >= 0; i--) {
                if (tail.getInt(i) == 0x06054b50) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                return modes;
            }
            long count = tail.getShort(eocd + 10) & 0xFFFF;
            long cdSize = tail.getInt(eocd + 12) & 0xFFFFFFFFL;
            long cdOffset = tail.getInt(eocd + 16) & 0xFFFFFFFFL;
            if (cdOffset == 0xFFFFFFFFL && eocd >= 20 && tail.getInt(eocd - 20) == 0x07064b50) {
                long z64 = tail.getLong(eocd - 20 + 8);
                ByteBuffer b = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(b, z64);
                count = b.getLong(32);
                cdSize = b.getLong(40);
                cdOffset = b.getLong(48);
            }
            ByteBuffer cd = ByteBuffer.allocate((int) cdSize).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(cd, cdOffset);
            int p = 0;
            for (long i = 0; i < count && p + 46 <= cdSize && cd.getInt(p) == 0x02014b50; i++) {
                int madeBy = cd.get(p + 5) & 0xFF;
                int nameLen = cd.getShort(p + 28) & 0xFFFF;
                int extraLen = cd.getShort(p + 30) & 0xFFFF;
                int commentLen = cd.getShort(p + 32) & 0xFFFF;
                long ext = cd.getInt(p + 38) & 0xFFFFFFFFL;
                byte[] name = new byte[nameLen];
                cd.get(p + 46, name);
                if (madeBy == 3) { // unix
                    modes.put(new String(name, StandardCharsets.UTF_8), (int) (ext >>> 16));
                }
                p += 46 + nameLen + extraLen + commentLen;
            }
        }
        return modes;
    }
}
