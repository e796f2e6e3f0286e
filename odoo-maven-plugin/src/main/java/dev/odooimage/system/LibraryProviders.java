package dev.odooimage.system;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import dev.odooimage.util.AtomicFiles;

/**
 * {@code library-providers.properties}: which Debian package provides which shared library
 * ({@code libldap-2.5.so.0=libldap-2.5-0}), read from the builder's dpkg database
 * ({@code var/lib/dpkg/info/<pkg>.list} in the build-packages layer). The runtime libraries a
 * compiled wheel links against are the ones the {@code -dev} packages it was built with depend on
 * ({@code Depends} of their paragraph in the layer's {@code var/lib/dpkg/status}), so when the
 * image lacks one, the {@code shared-libraries} check can name the package to add to
 * system-runtime-packages.txt. Only those packages are listed (not the compiler's own
 * libraries); {@code -dev} packages themselves hold only the {@code .so} link for the linker.
 */
public final class LibraryProviders {
    public static final String FILE_NAME = "library-providers.properties";
    private static final Pattern LIST = Pattern.compile("(?:\\./)?var/lib/dpkg/info/([^/:]+)(?::[^/]+)?\\.list");
    private static final Pattern SONAME = Pattern.compile(".*/(lib[^/]*\\.so\\.[0-9][^/]*)");

    private LibraryProviders() {
    }

    /** soname -> package, from the layer tar (gzip or plain). */
    public static Map<String, String> read(Path layerTar) {
        Map<String, String> result = new TreeMap<>();
        java.util.Set<String> devDepends = new java.util.HashSet<>();
        try (var raw = new BufferedInputStream(Files.newInputStream(layerTar))) {
            raw.mark(2);
            boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(gz ? new GZIPInputStream(raw) : raw)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    if (e.isFile() && e.getName().replaceFirst("^\\./", "").equals("var/lib/dpkg/status")) {
                        for (Deb822 p : Deb822.parseAll(new String(tar.readAllBytes(), StandardCharsets.UTF_8))) {
                            if (p.get("Package").orElse("").endsWith("-dev")) {
                                for (String dep : p.get("Depends").orElse("").split("[,|]")) {
                                    String name = dep.trim().split("[\\s(:]")[0];
                                    if (!name.isEmpty()) {
                                        devDepends.add(name);
                                    }
                                }
                            }
                        }
                        continue;
                    }
                    Matcher m = LIST.matcher(e.getName());
                    if (!e.isFile() || !m.matches() || m.group(1).endsWith("-dev")) {
                        continue;
                    }
                    String pkg = m.group(1);
                    for (String line : new String(tar.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        Matcher s = SONAME.matcher(line.trim());
                        if (s.matches() && line.contains("/lib")) {
                            result.putIfAbsent(s.group(1), pkg);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + layerTar, e);
        }
        result.values().retainAll(devDepends);
        return result;
    }

    /** Writes {@code soname=package} lines, sorted, atomically. */
    public static void write(Map<String, String> providers, Path file) {
        StringBuilder sb = new StringBuilder("# soname=Debian package providing it, from the builder's dpkg"
                + " database (system-build-packages.lock)\n");
        providers.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        AtomicFiles.writeString(file, sb.toString());
    }
}
