package dev.odooimage.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * Installs one wheel into a venv laid out for the target, as the wheel spec (binary
 * distribution format) says, without running any Python: purelib/platlib into site-packages,
 * the {@code .data} directories to their schemes, {@code #!python} scripts and entry-point
 * console scripts with the image's venv interpreter in their shebang, and a new RECORD.
 * Entries are processed in name order and nothing depends on time or on the build machine,
 * so the same wheel gives the same bytes.
 */
public final class WheelInstaller {
    static final String INSTALLER = "odoo-maven-plugin";

    private final Path venv;
    private final PythonTarget target;
    private final String venvPath;
    private final Consumer<String> warn;

    /**
     * @param venv     the venv directory being built (on this machine)
     * @param venvPath where that directory lives in the image, e.g. /opt/odoo/venv
     */
    public WheelInstaller(Path venv, PythonTarget target, String venvPath, Consumer<String> warn) {
        this.venv = venv;
        this.target = target;
        this.venvPath = venvPath;
        this.warn = warn;
    }

    public Path sitePackages() {
        return venv.resolve("lib/python" + target.minorVersion() + "/site-packages");
    }

    public String shebang() {
        return "#!" + venvPath + "/bin/python";
    }

    /** Installs {@code wheel}; {@code displayName} names it in messages. */
    public void install(Path wheel, String displayName) {
        Path site = sitePackages();
        Map<String, byte[]> recorded = new TreeMap<>(); // path relative to site-packages -> content
        try (ZipFile z = new ZipFile(wheel.toFile())) {
            List<? extends ZipEntry> entries = new ArrayList<>(Collections.list(z.entries()));
            entries.sort(java.util.Comparator.comparing(ZipEntry::getName));
            Map<String, Integer> modes = ZipModes.read(wheel);
            String distInfo = null;
            for (ZipEntry e : entries) {
                String n = e.getName();
                if (n.indexOf('/') > 0 && n.substring(0, n.indexOf('/')).endsWith(".dist-info")
                        && n.endsWith("/WHEEL") && n.indexOf('/') == n.lastIndexOf('/')) {
                    distInfo = n.substring(0, n.indexOf('/'));
                }
            }
            if (distInfo == null) {
                throw new OdooImageException(displayName + ": " + wheel.getFileName() + " has no .dist-info/WHEEL;"
                        + " not a wheel");
            }
            checkWheelVersion(read(z, z.getEntry(distInfo + "/WHEEL")), displayName);
            String dataDir = distInfo.substring(0, distInfo.length() - ".dist-info".length()) + ".data";
            for (ZipEntry e : entries) {
                String n = e.getName();
                if (e.isDirectory()) {
                    continue;
                }
                if (n.startsWith("/") || n.contains("\\") || List.of(n.split("/")).contains("..")) {
                    throw new OdooImageException(displayName + ": unsafe path in wheel: " + n);
                }
                if (n.equals(distInfo + "/RECORD") || n.equals(distInfo + "/RECORD.jws")
                        || n.equals(distInfo + "/RECORD.p7s") || n.equals(distInfo + "/INSTALLER")) {
                    continue;
                }
                byte[] content = read(z, e);
                boolean exec = (modes.getOrDefault(n, 0) & 0111) != 0;
                Path dest;
                if (n.startsWith(dataDir + "/")) {
                    String rest = n.substring(dataDir.length() + 1);
                    int slash = rest.indexOf('/');
                    String scheme = slash < 0 ? rest : rest.substring(0, slash);
                    String sub = slash < 0 ? "" : rest.substring(slash + 1);
                    switch (scheme) {
                        case "purelib", "platlib" -> dest = site.resolve(sub);
                        case "scripts" -> {
                            dest = venv.resolve("bin").resolve(sub);
                            content = rewriteShebang(content);
                            exec = true;
                        }
                        case "headers" -> dest = venv.resolve("include/site/python" + target.minorVersion())
                                .resolve(distInfo.split("-")[0]).resolve(sub);
                        case "data" -> dest = venv.resolve(sub);
                        default -> throw new OdooImageException(displayName + ": unknown wheel data scheme '"
                                + scheme + "' in " + n);
                    }
                } else {
                    dest = site.resolve(n);
                }
                write(dest, content, exec, recorded, site);
            }
            String entryPoints = z.getEntry(distInfo + "/entry_points.txt") == null ? null
                    : new String(read(z, z.getEntry(distInfo + "/entry_points.txt")), StandardCharsets.UTF_8);
            if (entryPoints != null) {
                for (Map.Entry<String, String> s : EntryPoints.scripts(entryPoints, displayName).entrySet()) {
                    write(venv.resolve("bin").resolve(s.getKey()), s.getValue().replace("#!python", shebang())
                            .getBytes(StandardCharsets.UTF_8), true, recorded, site);
                }
            }
            write(site.resolve(distInfo + "/INSTALLER"), (INSTALLER + "\n").getBytes(StandardCharsets.UTF_8), false,
                    recorded, site);
            StringBuilder record = new StringBuilder();
            for (Map.Entry<String, byte[]> r : recorded.entrySet()) {
                record.append(csv(r.getKey())).append(",sha256=")
                        .append(Base64.getUrlEncoder().withoutPadding().encodeToString(
                                Digests.sha256().digest(r.getValue())))
                        .append(',').append(r.getValue().length).append('\n');
            }
            record.append(csv(distInfo + "/RECORD")).append(",,\n");
            writeFile(site.resolve(distInfo + "/RECORD"), record.toString().getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + wheel, e);
        }
    }

    private void write(Path dest, byte[] content, boolean exec, Map<String, byte[]> recorded, Path site)
            throws IOException {
        if (!dest.normalize().startsWith(venv)) {
            throw new OdooImageException("wheel file would land outside the venv: " + dest);
        }
        if (Files.exists(dest) && !java.util.Arrays.equals(Files.readAllBytes(dest), content)) {
            warn.accept("two packages install " + venv.relativize(dest) + "; the later one (by name) wins");
        }
        writeFile(dest, content, exec);
        recorded.put(site.relativize(dest).toString(), content);
    }

    private static void writeFile(Path dest, byte[] content, boolean exec) throws IOException {
        Files.createDirectories(dest.getParent());
        Files.write(dest, content);
        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
    }

    /** {@code #!python} (and {@code #!pythonw}) become the venv interpreter, per the wheel spec. */
    private byte[] rewriteShebang(byte[] content) {
        String head = new String(content, 0, Math.min(content.length, 9), StandardCharsets.ISO_8859_1);
        if (!head.startsWith("#!python")) {
            return content;
        }
        int eol = 0;
        while (eol < content.length && content[eol] != '\n') {
            eol++;
        }
        String first = new String(content, 0, eol, StandardCharsets.UTF_8);
        String rest = first.substring("#!python".length()).replaceFirst("^w?[0-9.]*", "");
        byte[] line = (shebang() + rest).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[line.length + content.length - eol];
        System.arraycopy(line, 0, out, 0, line.length);
        System.arraycopy(content, eol, out, line.length, content.length - eol);
        return out;
    }

    private static void checkWheelVersion(byte[] wheelFile, String displayName) {
        for (String l : new String(wheelFile, StandardCharsets.UTF_8).split("\n")) {
            if (l.startsWith("Wheel-Version:") && !l.substring(14).strip().startsWith("1.")) {
                throw new OdooImageException(displayName + ": unsupported " + l.strip());
            }
        }
    }

    private static byte[] read(ZipFile z, ZipEntry e) throws IOException {
        try (InputStream in = z.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
