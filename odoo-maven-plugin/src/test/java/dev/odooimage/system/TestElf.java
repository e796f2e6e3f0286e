package dev.odooimage.system;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Crafts a minimal 64-bit little-endian ELF shared object: a {@code .dynstr} and a {@code .dynamic}
 * section with the given {@code DT_NEEDED}, {@code DT_RPATH} and {@code DT_RUNPATH} entries, as
 * a linker would record them (readelf -d reads it the same way).
 */
public final class TestElf {
    private TestElf() {
    }

    public static byte[] of(List<String> needed, String rpath, String runpath) {
        return of(needed, rpath, runpath, null);
    }

    /** A shared library with a {@code DT_SONAME}. */
    public static byte[] withSoname(List<String> needed, String soname) {
        return of(needed, null, null, soname);
    }

    public static byte[] of(List<String> needed, String rpath, String runpath, String soname) {
        ByteArrayOutputStream str = new ByteArrayOutputStream();
        str.write(0);
        List<long[]> dyn = new ArrayList<>();
        for (String n : needed) {
            dyn.add(new long[] {1, add(str, n)});
        }
        if (rpath != null) {
            dyn.add(new long[] {15, add(str, rpath)});
        }
        if (runpath != null) {
            dyn.add(new long[] {29, add(str, runpath)});
        }
        if (soname != null) {
            dyn.add(new long[] {14, add(str, soname)});
        }
        dyn.add(new long[] {0, 0});
        byte[] strtab = str.toByteArray();
        int strOff = 64;
        int dynOff = (strOff + strtab.length + 7) & ~7;
        int dynSize = dyn.size() * 16;
        int shOff = (dynOff + dynSize + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(shOff + 3 * 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.putShort(0x10, (short) 3).putShort(0x12, (short) 62).putInt(0x14, 1);
        b.putLong(0x28, shOff).putShort(0x34, (short) 64).putShort(0x3A, (short) 64).putShort(0x3C, (short) 3);
        b.position(strOff);
        b.put(strtab);
        for (int i = 0; i < dyn.size(); i++) {
            b.putLong(dynOff + i * 16, dyn.get(i)[0]).putLong(dynOff + i * 16 + 8, dyn.get(i)[1]);
        }
        int s1 = shOff + 64;
        b.putInt(s1 + 4, 3).putLong(s1 + 0x18, strOff).putLong(s1 + 0x20, strtab.length);
        int s2 = shOff + 128;
        b.putInt(s2 + 4, 6).putLong(s2 + 0x18, dynOff).putLong(s2 + 0x20, dynSize).putInt(s2 + 0x28, 1);
        return b.array();
    }

    private static long add(ByteArrayOutputStream str, String s) {
        long at = str.size();
        str.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        str.write(0);
        return at;
    }
}
