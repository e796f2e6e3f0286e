package dev.odooimage.enterprise;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Assumptions;

import dev.odooimage.aggregate.AggregateLog;
import dev.odooimage.aggregate.AggregateOptions;
import dev.odooimage.aggregate.Aggregator;
import dev.odooimage.aggregate.GitCache;
import dev.odooimage.repos.GitAccess;
import dev.odooimage.repos.LockRepos;
import dev.odooimage.repos.LsRemote;
import dev.odooimage.repos.ReposFile;
import dev.odooimage.repos.Refresh;

/**
 * Real inputs for import tests: Community trees (synthetic, or the real Odoo 16.0 core fixture
 * from {@code ../../shared/fixtures/}), a client project whose Community is committed, locked and
 * aggregated by the plugin's own code, source bundles written as tar.gz or zip, and bare mirrors.
 */
final class EnterpriseFixtures {
    static final Path CORE_FIXTURE = Path.of("../../shared/fixtures/odoo-16.0-core.tar.xz");
    static final Instant BUILT = Instant.parse("2024-03-01T12:00:00Z");

    private EnterpriseFixtures() {
    }

    // ----- Community trees -----

    /** A small Odoo 16.0 Community tree: odoo-bin, odoo/release.py, base, web, sale, account. */
    static Path syntheticCommunity(Path dir) throws IOException {
        write(dir.resolve("odoo-bin"), "#!/usr/bin/env python3\nimport odoo\n");
        write(dir.resolve("odoo/__init__.py"), "");
        write(dir.resolve("odoo/release.py"), "version_info = (16, 0, 0, 'final', 0, '')\n");
        write(dir.resolve("odoo/addons/__init__.py"), "");
        addon(dir.resolve("odoo/addons/base"), manifest("Base", "LGPL-3"));
        write(dir.resolve("odoo/addons/base/models/ir_module.py"), "class IrModule:\n    pass\n");
        addon(dir.resolve("addons/web"), manifest("Web", "LGPL-3", "base"));
        write(dir.resolve("addons/web/static/src/app.js"), "console.log('web');\n");
        addon(dir.resolve("addons/sale"), manifest("Sales", "LGPL-3", "base"));
        write(dir.resolve("addons/sale/models/sale_order.py"), "class SaleOrder:\n    amount = 1\n");
        addon(dir.resolve("addons/account"), manifest("Invoicing", "LGPL-3", "base"));
        return dir;
    }

    /** The real Odoo 16.0 core fixture unpacked into {@code dir}, or the test is skipped loudly. */
    static Path coreFixture(Path dir) throws Exception {
        if (!Files.isRegularFile(CORE_FIXTURE)) {
            String why = "the Odoo core fixture " + CORE_FIXTURE.toAbsolutePath().normalize()
                    + " is absent (CI has it under ../shared/fixtures)";
            System.err.println("!!! SKIPPED (" + why + ")");
            Assumptions.abort(why);
        }
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("tar", "-xJf", CORE_FIXTURE.toAbsolutePath().toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("tar -xJf " + CORE_FIXTURE + " failed: " + out);
        }
        return dir.resolve("odoo-16.0-core");
    }

    static String manifest(String name, String license, String... depends) {
        StringBuilder d = new StringBuilder();
        for (String dep : depends) {
            d.append('\'').append(dep).append("', ");
        }
        return "{\n    'name': '" + name + "',\n    'version': '16.0.1.0.0',\n    'license': '" + license
                + "',\n    'depends': [" + d + "],\n}\n";
    }

    static void addon(Path dir, String manifest) throws IOException {
        write(dir.resolve("__init__.py"), "");
        write(dir.resolve("__manifest__.py"), manifest);
    }

    static void write(Path p, String content) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        if (content.startsWith("#!")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    // ----- the client project -----

    /** A client project: {@code community} committed (branch 16.0), in repos.yaml, locked and aggregated. */
    record Project(Path dir, Path reposFile, Path lockFile, Path work, Path communityRepo) {
        EnterpriseImport importer(Path bundle, String mirror) {
            return new EnterpriseImport().bundle(bundle).project(reposFile, lockFile, work).mirror(mirror);
        }
    }

    static Project project(Path root, Path community) throws Exception {
        Path repo = root.resolve("community.git-work");
        copyTree(community, repo);
        // The C git CLI: JGit's add of the core fixture's 4,000 files is much slower on a loaded machine.
        run(repo, "git", "-c", "init.defaultBranch=16.0", "init", "-q");
        run(repo, "git", "add", "-A");
        run(repo, "git", "-c", "user.name=Odoo", "-c", "user.email=odoo@example.com", "-c", "commit.gpgSign=false",
                "commit", "-q", "-m", "Odoo 16.0");
        Path dir = root.resolve("project");
        Files.createDirectories(dir);
        Path repos = dir.resolve("repos.yaml");
        Files.writeString(repos, "./odoo:\n  remotes:\n    odoo: " + repo.toUri() + "\n  merges:\n    - odoo 16.0\n"
                + "  target: odoo 16.0\n");
        Path lock = dir.resolve("repos.lock.yaml");
        new LockRepos(new LsRemote(GitAccess.anonymous()), 1).run(repos, lock, Refresh.none());
        Path work = dir.resolve("target/odoo");
        new Aggregator(new AggregateOptions(work, new GitCache(root.resolve("git-cache")), 1, false, dir, null),
                AggregateLog.NONE).run(ReposFile.read(lock));
        return new Project(dir, repos, lock, work, repo);
    }

    static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    // ----- bundles -----

    /** An archive entry: a file (content, exec), a symlink or a hard link (target), or a directory. */
    record Entry(String name, byte[] content, boolean exec, String symlink, String hardlink) {
        static Entry file(String name, String content) {
            return new Entry(name, content.getBytes(StandardCharsets.UTF_8), false, null, null);
        }
    }

    /** Bundle contents, in archive order. */
    static final class BundleSpec {
        final Map<String, Entry> entries = new LinkedHashMap<>();

        BundleSpec file(String name, String content) {
            entries.put(name, Entry.file(name, content));
            return this;
        }

        BundleSpec exec(String name, String content) {
            entries.put(name, new Entry(name, content.getBytes(StandardCharsets.UTF_8), true, null, null));
            return this;
        }

        BundleSpec symlink(String name, String target) {
            entries.put(name, new Entry(name, null, false, target, null));
            return this;
        }

        BundleSpec hardlink(String name, String target) {
            entries.put(name, new Entry(name, null, false, null, target));
            return this;
        }

        BundleSpec addon(String dir, String manifest) {
            return file(dir + "/__init__.py", "").file(dir + "/__manifest__.py", manifest);
        }

        BundleSpec remove(String prefix) {
            entries.keySet().removeIf(k -> k.equals(prefix) || k.startsWith(prefix + "/"));
            return this;
        }

        /** Every file and link of {@code tree} under {@code prefix}. */
        BundleSpec tree(Path tree, String prefix) throws IOException {
            List<Path> all = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(tree)) {
                walk.sorted().forEach(all::add);
            }
            for (Path p : all) {
                String name = prefix + "/" + tree.relativize(p).toString().replace('\\', '/');
                if (Files.isSymbolicLink(p)) {
                    symlink(name, Files.readSymbolicLink(p).toString());
                } else if (Files.isRegularFile(p)) {
                    boolean exec = Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_EXECUTE);
                    entries.put(name, new Entry(name, Files.readAllBytes(p), exec, null, null));
                }
            }
            return this;
        }

        BundleSpec copy() {
            BundleSpec c = new BundleSpec();
            c.entries.putAll(entries);
            return c;
        }

        Path tarGz(Path file) throws IOException {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file);
                    GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (Entry e : entries.values()) {
                    TarArchiveEntry t;
                    if (e.symlink() != null) {
                        t = new TarArchiveEntry(e.name(), TarArchiveEntry.LF_SYMLINK);
                        t.setLinkName(e.symlink());
                    } else if (e.hardlink() != null) {
                        t = new TarArchiveEntry(e.name(), TarArchiveEntry.LF_LINK);
                        t.setLinkName(e.hardlink());
                    } else {
                        t = new TarArchiveEntry(e.name(), true); // preserve '..' and '/' as given
                        t.setSize(e.content().length);
                        t.setMode(e.exec() ? 0100755 : 0100644);
                    }
                    t.setModTime(BUILT.toEpochMilli());
                    tar.putArchiveEntry(t);
                    if (e.content() != null) {
                        tar.write(e.content());
                    }
                    tar.closeArchiveEntry();
                }
            }
            return file;
        }

        Path zip(Path file) throws IOException {
            Files.createDirectories(file.getParent());
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
                for (Entry e : entries.values()) {
                    ZipArchiveEntry z = new ZipArchiveEntry(e.name());
                    z.setTime(BUILT.toEpochMilli());
                    byte[] data;
                    if (e.symlink() != null) {
                        z.setUnixMode(UnixStat.LINK_FLAG | 0777);
                        data = e.symlink().getBytes(StandardCharsets.UTF_8);
                    } else {
                        z.setUnixMode(UnixStat.FILE_FLAG | (e.exec() ? 0755 : 0644));
                        data = e.content();
                    }
                    zip.putArchiveEntry(z);
                    zip.write(data);
                    zip.closeArchiveEntry();
                }
            }
            return file;
        }
    }

    // ----- mirrors -----

    static Path bareMirror(Path dir) throws Exception {
        Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch("16.0").call().close();
        return dir;
    }

    static ObjectId tip(Path bare, String branch) throws IOException {
        try (Repository r = Git.open(bare.toFile()).getRepository()) {
            return r.resolve(Constants.R_HEADS + branch);
        }
    }
}
