package dev.odooimage.imageprep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import dev.odooimage.util.Digests;
import dev.odooimage.util.Stamp;

/**
 * A sha256 over the bytes of every file from which JGit's {@code FileRepositoryBuilder} and
 * {@code Repository.resolve("HEAD^{commit}")} find the checked-out commit of a work tree, so that
 * {@link ProjectRevision} can keep JGit's answer while none of them changed. The files, each by its
 * absolute path and its bytes (or "absent"), a superset of those JGit reads:
 * <ul>
 * <li>{@code .git} (a linked worktree's or submodule's file {@code gitdir: <dir>} names the git
 * directory), the git directory's {@code commondir} (names the common directory);</li>
 * <li>{@code HEAD}; each ref it names, through symbolic refs, loose in both the git and the common
 * directory; the common directory's {@code packed-refs} and {@code reftable/tables.list};</li>
 * <li>the repository's {@code config} and {@code config.worktree} (format version, ref storage),
 * the user's and the system's git config (JGit puts the repository's config on top of them),
 * and whether the object directory exists.</li>
 * </ul>
 * Objects are not read: an object's type never changes, so a ref naming the same commit gives the
 * same answer. Only a damaged repository whose HEAD commit was deleted would differ (JGit: no
 * commit; the stamp: the recorded one).
 */
final class RevisionKey {
    private static final int MAX_SYMBOLIC_DEPTH = 5; // JGit's RefDirectory follows at most 5

    private RevisionKey() {
    }

    /** The key, or null when the layout is one this key does not follow (JGit then reads alone). */
    static String of(Path projectDir) {
        try {
            return key(projectDir.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String key(Path workTree) throws IOException {
        MessageDigest md = Digests.sha256();
        Stamp.line(md, "format 1");
        Path dotGit = workTree.resolve(".git");
        Path gitDir = dotGit;
        if (Files.isRegularFile(dotGit)) {
            String content = file(md, dotGit);
            if (content == null || !content.startsWith("gitdir: ")) {
                return null;
            }
            gitDir = workTree.resolve(content.substring("gitdir: ".length()).strip()); // not normalized: as the OS opens it
        } else {
            Stamp.line(md, dotGit + " directory " + Files.isDirectory(dotGit));
        }
        String common = file(md, gitDir.resolve("commondir"));
        Path commonDir = common == null ? gitDir : gitDir.resolve(common.strip());
        Stamp.line(md, "common " + commonDir);
        Stamp.line(md, "objects " + Files.isDirectory(commonDir.resolve("objects")));
        file(md, commonDir.resolve("config"));
        file(md, gitDir.resolve("config.worktree"));
        file(md, commonDir.resolve("config.worktree"));
        userConfigs(md);
        file(md, commonDir.resolve("packed-refs"));
        file(md, commonDir.resolve("reftable").resolve("tables.list"));
        file(md, gitDir.resolve("reftable").resolve("tables.list"));
        String ref = "HEAD";
        for (int depth = 0; depth <= MAX_SYMBOLIC_DEPTH && ref != null; depth++) {
            if (!ref.equals("HEAD") && (!ref.startsWith("refs/") || ref.contains("..") || ref.contains("\\"))) {
                return null;
            }
            String a = file(md, gitDir.resolve(ref));
            String b = file(md, commonDir.resolve(ref));
            String loose = a != null ? a : b;
            ref = loose != null && loose.startsWith("ref: ") ? loose.substring("ref: ".length()).strip() : null;
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** JGit (SystemReader) reads these; an {@code [extensions]} or {@code [core]} there could matter. */
    private static void userConfigs(MessageDigest md) throws IOException {
        String home = System.getProperty("user.home");
        String xdg = System.getenv("XDG_CONFIG_HOME");
        if (home != null) {
            file(md, Path.of(home, ".gitconfig"));
            file(md, xdg != null && !xdg.isEmpty() ? Path.of(xdg, "git", "config") : Path.of(home, ".config", "git", "config"));
        }
        file(md, Path.of("/etc/gitconfig"));
        Stamp.line(md, "env " + System.getenv("GIT_CONFIG_NOSYSTEM") + " " + System.getenv("GIT_CONFIG_GLOBAL") + " "
                + System.getenv("GIT_CONFIG_SYSTEM"));
    }

    /** Adds {@code file}'s path and bytes (or absent / not a file) to {@code md}; returns its text or null. */
    private static String file(MessageDigest md, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            Stamp.line(md, file + (Files.exists(file) ? " not-a-file" : " absent"));
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        Stamp.line(md, file + " " + bytes.length);
        md.update(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
