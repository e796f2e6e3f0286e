package dev.odooimage.system;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * Writes the package layer: one uncompressed tar with the files of every locked .deb (paths
 * rewritten under the base's merged-/usr links, symlinks and hard links kept as links, owners
 * and modes as packaged, one fixed time), the dpkg database ({@code /var/lib/dpkg/status} =
 * the base's entries and ours, {@code info/<pkg>.list} and {@code .md5sums}) and the
 * alternatives the postinst scripts would register. Nothing else varies: same .debs, same base,
 * same bytes.
 */
public final class PackageLayer {
    static final String STATUS = "var/lib/dpkg/status";
    static final String INFO = "var/lib/dpkg/info/";
    private final BaseSystem base;
    private final Instant mtime;

    public PackageLayer(BaseSystem base, Instant mtime) {
        this.base = base;
        this.mtime = mtime;
    }

    /** A locked package and its verified .deb. */
    public record Deb(SystemLock.Entry entry, Path file) {
    }

    /** The layer written (gzip): its file, diff id (sha256 of the uncompressed tar), size, and the warnings to show. */
    public record Result(Path tar, String diffId, long size, int entries, List<String> warnings,
            Map<String, ElfDynamic> elfFiles) {
    }

    /**
     * @param tree the base image's paths; the layer's entries are added to it, so that afterwards it
     *             answers for the image (for the shared-libraries check)
     */
    public Result write(List<Deb> debs, Path target, ImageTree tree) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        MessageDigest md = Digests.sha256();
        List<String> warnings = new ArrayList<>();
        int count;
        Writer writer;
        try {
            Files.createDirectories(target.getParent());
            // gzip as Jib writes layers (a tar base's layers are taken as they are; Jib checks only
            // the first one for compression): fixed header (no name, time 0), so same tar, same bytes.
            GzipParameters gz = new GzipParameters();
            gz.setModificationTime(0);
            gz.setOperatingSystem(255);
            try (OutputStream file = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
                    OutputStream zip = new GzipCompressorOutputStream(file, gz);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(new DigestOutputStream(
                            new java.io.BufferedOutputStream(zip, 1 << 16), md))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                writer = new Writer(tar, warnings, tree);
                count = writer.all(debs);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(target, "sha256:" + HexFormat.of().formatHex(md.digest()), Files.size(target), count,
                    List.copyOf(warnings), Map.copyOf(writer.elves));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the package layer " + target, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing trusts a .tmp file
            }
        }
    }

    private final class Writer {
        private final TarArchiveOutputStream tar;
        private final List<String> warnings;
        private final MergedUsr usr = new MergedUsr(base.rootLinks());
        private final Map<String, String> owner = new LinkedHashMap<>();
        private final Set<String> dirs = new HashSet<>();
        private final Map<String, MaintainerScripts.Alternative> alternatives = new TreeMap<>();
        private final InstalledPackages installed = base.installed();
        private final ImageTree tree;
        private final Map<String, ElfDynamic> elves = new LinkedHashMap<>();
        private final Map<String, String> ldConf = new TreeMap<>();
        private int count;

        Writer(TarArchiveOutputStream tar, List<String> warnings, ImageTree tree) {
            this.tree = tree;
            this.tar = tar;
            this.warnings = warnings;
        }

        int all(List<Deb> debs) throws IOException {
            StringBuilder ours = new StringBuilder();
            Set<String> replaced = new HashSet<>();
            Map<String, String> infoFiles = new TreeMap<>();
            for (Deb d : debs) {
                DebFile deb = DebFile.open(d.file());
                Deb822 control = deb.control();
                String name = control.require("Package");
                if (!name.equals(d.entry().name()) || !control.require("Version").equals(d.entry().version())) {
                    throw new OdooImageException(d.file() + " is " + name + " " + control.require("Version")
                            + " but the lock says " + d.entry().name() + " " + d.entry().version());
                }
                Set<String> conffiles = new HashSet<>();
                byte[] cf = deb.controlMembers().get("conffiles");
                if (cf != null) {
                    new String(cf, StandardCharsets.UTF_8).lines().map(String::trim).filter(l -> l.startsWith("/"))
                            .forEach(l -> conffiles.add(l.split("\\s+")[0]));
                }
                Map<String, String> conffileMd5 = new TreeMap<>();
                StringBuilder list = new StringBuilder("/.\n");
                try (TarArchiveInputStream data = deb.data()) {
                    TarArchiveEntry e;
                    while ((e = data.getNextEntry()) != null) {
                        String path = MergedUsr.normalise(e.getName());
                        if (path.isEmpty()) {
                            continue;
                        }
                        list.append('/').append(path).append('\n');
                        copy(name, path, e, data, conffiles.contains("/" + path) ? conffileMd5 : null);
                    }
                }
                String key = control.get("Multi-Arch").filter("same"::equals)
                        .map(x -> name + ":" + control.require("Architecture")).orElse(name);
                infoFiles.put(INFO + key + ".list", list.toString());
                byte[] md5 = deb.controlMembers().get("md5sums");
                if (md5 != null) {
                    infoFiles.put(INFO + key + ".md5sums", new String(md5, StandardCharsets.UTF_8));
                }
                if (cf != null) {
                    infoFiles.put(INFO + key + ".conffiles", new String(cf, StandardCharsets.UTF_8));
                }
                ours.append(statusEntry(control, conffileMd5));
                if (installed.get(name).isPresent()) {
                    replaced.add(name);
                }
                List<String> skipped = MaintainerScripts.skippedEffects(deb.controlMembers());
                if (!skipped.isEmpty()) {
                    warnings.add(name + ": maintainer scripts not run: " + String.join("; ", skipped));
                }
                for (MaintainerScripts.Alternative a : MaintainerScripts.alternatives(deb.controlMembers())) {
                    alternatives.merge(a.name(), a, (x, y) -> y.priority() > x.priority() ? y : x);
                }
            }
            writeAlternatives();
            linkConfiguredLibraries();
            for (var f : infoFiles.entrySet()) {
                file(f.getKey(), f.getValue().getBytes(StandardCharsets.UTF_8), 0644);
            }
            file(STATUS, status(replaced, ours.toString()).getBytes(StandardCharsets.UTF_8), 0644);
            if (owner.keySet().stream().anyMatch(p -> p.startsWith("usr/share/ca-certificates/")
                    || p.startsWith("usr/local/share/ca-certificates/"))) {
                warnings.add("a package adds CA certificates: /etc/ssl/certs is not rebuilt (update-ca-certificates"
                        + " is not run); add the certificate to the base image instead");
            }
            return count;
        }

        private void copy(String pkg, String path, TarArchiveEntry e, TarArchiveInputStream data,
                Map<String, String> conffileMd5) throws IOException {
            var rewritten = usr.rewrite(path);
            if (rewritten.isEmpty()) {
                return;
            }
            String target = rewritten.get();
            if (e.isDirectory()) {
                tree.put("/" + target, false, null);
                if (dirs.add(target)) {
                    TarArchiveEntry out = new TarArchiveEntry(target + "/", TarConstants.LF_DIR);
                    meta(out, e);
                    tar.putArchiveEntry(out);
                    tar.closeArchiveEntry();
                    count++;
                }
                return;
            }
            String previous = owner.putIfAbsent(target, pkg);
            if (previous != null) {
                warnings.add(pkg + " ships /" + target + ", already shipped by " + previous + ": kept " + previous
                        + "'s (dpkg would refuse this without Replaces)");
                return;
            }
            TarArchiveEntry out;
            if (e.isSymbolicLink()) {
                out = new TarArchiveEntry(target, TarConstants.LF_SYMLINK);
                out.setLinkName(e.getLinkName());
            } else if (e.isLink()) {
                out = new TarArchiveEntry(target, TarConstants.LF_LINK);
                out.setLinkName(usr.rewrite(MergedUsr.normalise(e.getLinkName())).orElseThrow());
            } else if (e.isFile()) {
                out = new TarArchiveEntry(target, TarConstants.LF_NORMAL);
                out.setSize(e.getSize());
            } else {
                warnings.add(pkg + " ships /" + path + ", a device or fifo: left out");
                owner.remove(target);
                return;
            }
            meta(out, e);
            tar.putArchiveEntry(out);
            if (out.isFile()) {
                byte[] bytes = data.readNBytes((int) e.getSize());
                tar.write(bytes);
                if (conffileMd5 != null) {
                    conffileMd5.put("/" + path, HexFormat.of().formatHex(md5().digest(bytes)));
                }
                ElfDynamic.parse(bytes).ifPresent(elf -> elves.put("/" + target, elf));
                if (target.startsWith("etc/ld.so.conf.d/") && target.endsWith(".conf")) {
                    ldConf.put(target, new String(bytes, StandardCharsets.UTF_8));
                }
            }
            tree.put("/" + target, out.isFile() || out.isLink(), out.isSymbolicLink() ? out.getLinkName() : null);
            tar.closeArchiveEntry();
            count++;
        }

        private void meta(TarArchiveEntry out, TarArchiveEntry in) {
            out.setMode(in.getMode() & 07777);
            out.setUserId(in.getLongUserId());
            out.setGroupId(in.getLongGroupId());
            out.setUserName("");
            out.setGroupName("");
            out.setModTime(mtime.toEpochMilli());
        }

        private void file(String path, byte[] content, int mode) throws IOException {
            TarArchiveEntry out = new TarArchiveEntry(path, TarConstants.LF_NORMAL);
            out.setSize(content.length);
            out.setMode(mode);
            out.setModTime(mtime.toEpochMilli());
            tar.putArchiveEntry(out);
            tar.write(content);
            tar.closeArchiveEntry();
            count++;
        }

        private void symlink(String path, String link) throws IOException {
            TarArchiveEntry out = new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
            out.setLinkName(link);
            out.setMode(0777);
            out.setModTime(mtime.toEpochMilli());
            tar.putArchiveEntry(out);
            tar.closeArchiveEntry();
            count++;
        }

        /**
         * ldconfig is not run, and ld.so finds a library outside its default directories only
         * through /etc/ld.so.cache. So for each shared library the layer puts in a directory its own
         * {@code /etc/ld.so.conf.d/*.conf} adds, the soname link ldconfig would make is put in the
         * multiarch directory, which ld.so searches without the cache. A name the image already has
         * is left alone (with a warning): the base's library wins, as it would in the cache order.
         */
        private void linkConfiguredLibraries() throws IOException {
            if (ldConf.isEmpty()) {
                return;
            }
            String triplet = SharedLibraries.triplet(base.arch());
            String multiarch = "usr/lib/" + triplet;
            java.util.Set<String> dirs = new java.util.LinkedHashSet<>();
            for (var conf : ldConf.entrySet()) {
                for (String line : conf.getValue().split("\n")) {
                    String l = line.replaceAll("#.*", "").trim();
                    if (l.startsWith("/")) {
                        usr.rewrite(MergedUsr.normalise(l)).ifPresent(dirs::add);
                    }
                }
            }
            for (var elf : elves.entrySet()) {
                String path = elf.getKey().substring(1);
                String dir = path.substring(0, path.lastIndexOf('/'));
                if (!dirs.contains(dir) || dir.equals(multiarch) || elf.getValue().soname().isEmpty()) {
                    continue;
                }
                String link = multiarch + "/" + elf.getValue().soname().get();
                if (owner.containsKey(link) || tree.isFile("/" + link)) {
                    warnings.add("ld.so.conf.d: /" + link + " already exists, /" + path + " is not linked there");
                    continue;
                }
                owner.put(link, "ldconfig");
                symlink(link, "/" + path);
                tree.put("/" + link, false, "/" + path);
                warnings.add("ld.so.conf.d: /" + link + " -> /" + path + " (the soname link ldconfig would make,"
                        + " in a directory ld.so searches without /etc/ld.so.cache)");
            }
        }

        /** What update-alternatives --install would leave: two links and its administrative file. */
        private void writeAlternatives() throws IOException {
            for (MaintainerScripts.Alternative a : alternatives.values()) {
                String link = usr.rewrite(MergedUsr.normalise(a.link())).orElseThrow();
                if (owner.containsKey(link)) {
                    continue; // a package ships the path itself
                }
                symlink("etc/alternatives/" + a.name(), a.path());
                symlink(link, "/etc/alternatives/" + a.name());
                file("var/lib/dpkg/alternatives/" + a.name(), ("auto\n" + a.link() + "\n\n" + a.path() + "\n"
                        + a.priority() + "\n\n").getBytes(StandardCharsets.UTF_8), 0644);
                warnings.add("alternative " + a.name() + ": /" + link + " -> " + a.path() + " (done by the layer)");
            }
        }
    }

    /** The base's status without the packages we replace, then ours (dpkg keeps one paragraph per package). */
    private String status(Set<String> replaced, String ours) {
        StringBuilder sb = new StringBuilder();
        for (Deb822 p : Deb822.parseAll(base.dpkgStatus())) {
            if (!replaced.contains(p.get("Package").orElse(""))) {
                sb.append(p.text()).append('\n');
            }
        }
        return sb.append(ours).toString();
    }

    /** A status paragraph as dpkg writes it: the control fields with Status after Package, Conffiles added. */
    static String statusEntry(Deb822 control, Map<String, String> conffileMd5) {
        StringBuilder sb = new StringBuilder();
        for (var f : control.fields().entrySet()) {
            sb.append(f.getKey()).append(':').append(f.getValue().startsWith("\n") ? "" : " ")
                    .append(f.getValue().replace("\n", "\n ")).append('\n');
            if (f.getKey().equals("Package")) {
                sb.append("Status: install ok installed\n");
            }
        }
        if (!conffileMd5.isEmpty()) {
            sb.append("Conffiles:\n");
            conffileMd5.forEach((p, md5) -> sb.append(' ').append(p).append(' ').append(md5).append('\n'));
        }
        return sb.append('\n').toString();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
