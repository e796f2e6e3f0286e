package dev.odooimage.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The commit checked out in a directory, read straight from {@code .git} (HEAD, loose
 * refs, packed-refs; linked worktrees too). The Jib extension cannot use JGit (it runs in
 * Jib's class loader), and a label does not need more.
 */
public final class GitRevision {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    private GitRevision() {
    }

    public static Optional<String> of(Path workTree) {
        try {
            Path dotGit = workTree.resolve(".git");
            Path gitDir;
            if (Files.isDirectory(dotGit)) {
                gitDir = dotGit;
            } else if (Files.isRegularFile(dotGit)) {
                String line = Files.readString(dotGit, StandardCharsets.UTF_8).trim();
                if (!line.startsWith("gitdir:")) {
                    return Optional.empty();
                }
                gitDir = workTree.resolve(line.substring("gitdir:".length()).trim()).normalize();
            } else {
                return Optional.empty();
            }
            Path commonDir = gitDir;
            Path commonFile = gitDir.resolve("commondir");
            if (Files.isRegularFile(commonFile)) {
                commonDir = gitDir.resolve(Files.readString(commonFile, StandardCharsets.UTF_8).trim()).normalize();
            }
            String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).trim();
            if (SHA.matcher(head).matches()) {
                return Optional.of(head);
            }
            if (!head.startsWith("ref:")) {
                return Optional.empty();
            }
            String ref = head.substring(4).trim();
            for (Path dir : new Path[] {gitDir, commonDir}) {
                Path loose = dir.resolve(ref);
                if (Files.isRegularFile(loose)) {
                    String sha = Files.readString(loose, StandardCharsets.UTF_8).trim();
                    return SHA.matcher(sha).matches() ? Optional.of(sha) : Optional.empty();
                }
            }
            Path packed = commonDir.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                    String[] parts = line.trim().split(" ");
                    if (parts.length == 2 && parts[1].equals(ref) && SHA.matcher(parts[0]).matches()) {
                        return Optional.of(parts[0]);
                    }
                }
            }
            return Optional.empty(); // unborn branch: no commit yet
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
