package dev.odooimage.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeStringIfChangedWritesOnlyOtherBytesAndLeavesNoTempFile() throws Exception {
        Path file = dir.resolve("out/addons_path");
        assertTrue(AtomicFiles.writeStringIfChanged(file, "a,b\n"), "absent: written (parents created)");
        FileTime old = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(file, old);
        Object inode = key(file);

        assertFalse(AtomicFiles.writeStringIfChanged(file, "a,b\n"));
        assertEquals(old, Files.getLastModifiedTime(file), "same bytes: not touched");
        assertEquals(inode, key(file));

        assertTrue(AtomicFiles.writeStringIfChanged(file, "a,c\n"), "same length, other bytes");
        assertEquals("a,c\n", Files.readString(file));
        assertNotEquals(inode, key(file), "replaced by a move, never edited in place");
        assertTrue(AtomicFiles.writeStringIfChanged(file, "a\n"));
        assertEquals("a\n", Files.readString(file));
        try (var s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList(), "no temp file left");
        }
    }

    private static Object key(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
}
