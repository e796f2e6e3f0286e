package dev.odooimage.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SharedLibrariesTest {

    /** Our reading of DT_NEEDED / DT_RUNPATH against binutils' readelf, on this machine's real ELF files. */
    @Test
    void elfDynamicAgreesWithReadelf() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/readelf")), "SKIPPED: no /usr/bin/readelf to compare with");
        List<Path> files = new ArrayList<>();
        for (String f : List.of("/usr/bin/ls", "/usr/bin/python3", "/usr/bin/gpgv", "/usr/bin/tar",
                "/usr/lib/x86_64-linux-gnu/libgnutls.so.30", "/usr/lib/x86_64-linux-gnu/libssl.so.3",
                System.getProperty("java.home") + "/lib/server/libjvm.so", System.getProperty("java.home") + "/bin/java")) {
            Path p = Path.of(f).toRealPath();
            if (Files.isRegularFile(p)) {
                files.add(p);
            }
        }
        assumeTrue(files.size() >= 4, "SKIPPED: too few ELF files here: " + files);
        for (Path p : files) {
            Process proc = new ProcessBuilder("readelf", "-d", "-W", p.toString()).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, proc.waitFor(), out);
            List<String> needed = new ArrayList<>();
            List<String> runpath = new ArrayList<>();
            for (String line : out.lines().toList()) {
                int open = line.indexOf('[');
                if (line.contains("(NEEDED)")) {
                    needed.add(line.substring(open + 1, line.lastIndexOf(']')));
                } else if (line.contains("(RUNPATH)")) {
                    runpath.addAll(List.of(line.substring(open + 1, line.lastIndexOf(']')).split(":")));
                }
            }
            ElfDynamic elf = ElfDynamic.parse(Files.readAllBytes(p)).orElseThrow(() -> new AssertionError(p + " not read"));
            assertEquals(needed, elf.needed(), p.toString());
            assertEquals(runpath, elf.runpath(), p.toString());
        }
        assertTrue(ElfDynamic.parse("#!/bin/sh\n".repeat(10).getBytes(StandardCharsets.UTF_8)).isEmpty());
    }

    @Test
    void findsLibrariesAsTheLoaderWouldAndNamesMisses() {
        ImageTree t = new ImageTree();
        t.put("/lib", false, "usr/lib");
        t.put("/usr/lib/x86_64-linux-gnu/libc.so.6", true, null);
        t.put("/usr/lib/x86_64-linux-gnu/libpq.so.5", false, "libpq.so.5.15");
        t.put("/usr/lib/x86_64-linux-gnu/libpq.so.5.15", true, null);
        t.put("/usr/lib/x86_64-linux-gnu/libdangling.so.1", false, "gone.so.1");
        t.put("/opt/app/lib/libown.so", true, null);
        t.put("/usr/lib/odd/libconf.so.2", true, null);
        Map<String, ElfDynamic> files = new LinkedHashMap<>();
        files.put("/usr/lib/postgresql/15/bin/pg_dump", new ElfDynamic(List.of("libpq.so.5", "libc.so.6"),
                List.of(), List.of()));
        files.put("/opt/app/bin/tool", new ElfDynamic(List.of("libown.so", "libconf.so.2", "libmissing.so.3",
                "libdangling.so.1"), List.of(), List.of("$ORIGIN/../lib")));
        files.put("/opt/app/bin/old", new ElfDynamic(List.of("libown.so"), List.of("/opt/app/lib"), List.of()));
        files.put("/opt/app/bin/both", new ElfDynamic(List.of("libown.so"), List.of("/opt/app/lib"),
                List.of("/nowhere")));
        List<String> misses = new SharedLibraries(t, "x86_64-linux-gnu", List.of("/usr/lib/odd")).misses(files);
        assertEquals(List.of("/opt/app/bin/tool: libmissing.so.3", "/opt/app/bin/tool: libdangling.so.1",
                "/opt/app/bin/both: libown.so"), misses, "RPATH is ignored when RUNPATH is set; a dangling link is a miss");
        // through the /lib -> usr/lib link
        assertTrue(t.isFile("/lib/x86_64-linux-gnu/libpq.so.5"));
    }
}
