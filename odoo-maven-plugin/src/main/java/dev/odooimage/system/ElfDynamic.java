package dev.odooimage.system;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The dynamic-linking needs of an ELF file (elf(5)): its {@code DT_NEEDED} libraries and its
 * {@code DT_RPATH} / {@code DT_RUNPATH} search paths, read from the {@code SHT_DYNAMIC} section
 * and the string table it links to. Empty for a file that is not ELF or links nothing.
 */
public record ElfDynamic(List<String> needed, List<String> rpath, List<String> runpath, Optional<String> soname) {
    public ElfDynamic(List<String> needed, List<String> rpath, List<String> runpath) {
        this(needed, rpath, runpath, Optional.empty());
    }

    private static final int SHT_DYNAMIC = 6;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_SONAME = 14;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;

    /** Whether the bytes start with the ELF magic. */
    public static boolean isElf(byte[] b) {
        return b.length >= 64 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
    }

    public static Optional<ElfDynamic> parse(byte[] b) {
        if (!isElf(b)) {
            return Optional.empty();
        }
        boolean is64 = b[4] == 2;
        ByteBuffer buf = ByteBuffer.wrap(b).order(b[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        try {
            long shoff = is64 ? buf.getLong(0x28) : Integer.toUnsignedLong(buf.getInt(0x20));
            int shentsize = Short.toUnsignedInt(buf.getShort(is64 ? 0x3A : 0x2E));
            int shnum = Short.toUnsignedInt(buf.getShort(is64 ? 0x3C : 0x30));
            for (int i = 0; i < shnum; i++) {
                int sh = (int) (shoff + (long) i * shentsize);
                if (buf.getInt(sh + 4) != SHT_DYNAMIC) {
                    continue;
                }
                long off = is64 ? buf.getLong(sh + 0x18) : Integer.toUnsignedLong(buf.getInt(sh + 0x10));
                long size = is64 ? buf.getLong(sh + 0x20) : Integer.toUnsignedLong(buf.getInt(sh + 0x14));
                int link = buf.getInt(sh + (is64 ? 0x28 : 0x18));
                int str = (int) (shoff + (long) link * shentsize);
                long strOff = is64 ? buf.getLong(str + 0x18) : Integer.toUnsignedLong(buf.getInt(str + 0x10));
                List<String> needed = new ArrayList<>();
                List<String> rpath = new ArrayList<>();
                List<String> runpath = new ArrayList<>();
                String soname = null;
                int entry = is64 ? 16 : 8;
                for (long p = off; p + entry <= off + size; p += entry) {
                    long tag = is64 ? buf.getLong((int) p) : buf.getInt((int) p);
                    long val = is64 ? buf.getLong((int) p + 8) : Integer.toUnsignedLong(buf.getInt((int) p + 4));
                    if (tag == DT_NULL) {
                        break;
                    }
                    if (tag == DT_NEEDED) {
                        needed.add(string(b, strOff + val));
                    } else if (tag == DT_RPATH) {
                        rpath.addAll(paths(string(b, strOff + val)));
                    } else if (tag == DT_SONAME) {
                        soname = string(b, strOff + val);
                    } else if (tag == DT_RUNPATH) {
                        runpath.addAll(paths(string(b, strOff + val)));
                    }
                }
                return Optional.of(new ElfDynamic(List.copyOf(needed), List.copyOf(rpath), List.copyOf(runpath),
                        Optional.ofNullable(soname)));
            }
            return Optional.empty();
        } catch (IndexOutOfBoundsException e) {
            return Optional.empty(); // truncated or odd ELF: nothing we can say about it
        }
    }

    private static List<String> paths(String s) {
        return Arrays.stream(s.split(":")).filter(p -> !p.isEmpty()).toList();
    }

    private static String string(byte[] b, long at) {
        int end = (int) at;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, (int) at, end - (int) at, StandardCharsets.UTF_8);
    }
}
