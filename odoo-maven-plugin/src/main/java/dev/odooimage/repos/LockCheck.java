package dev.odooimage.repos;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.odooimage.util.UrlMask;

/**
 * Offline comparison of repos.yaml with repos.lock.yaml, for {@code odoo:check-lock}.
 * Every disagreement is one diff-like line: {@code +} in repos.yaml but not in the lock,
 * {@code -} in the lock but no longer in repos.yaml, {@code ~} changed, {@code !} a lock
 * that was edited by hand. {@code mvn odoo:lock} fixes all of them without moving any
 * SHA that is still wanted.
 */
public final class LockCheck {

    private LockCheck() {
    }

    /**
     * Reads both files and compares them. A missing lock next to an existing repos.yaml is
     * an error that says to run {@code mvn odoo:lock}.
     */
    public static List<String> check(java.nio.file.Path reposFile, java.nio.file.Path lockFile) {
        if (!java.nio.file.Files.isRegularFile(reposFile)) {
            throw new dev.odooimage.util.OdooImageException(reposFile + ": not found. Create repos.yaml "
                    + "(git-aggregator format), then run mvn odoo:lock.");
        }
        ReposConfig repos = ReposFile.read(reposFile);
        AggregatePaths.check(repos);
        if (!java.nio.file.Files.isRegularFile(lockFile)) {
            throw new dev.odooimage.util.OdooImageException(lockFile + ": not found, but " + reposFile.getFileName()
                    + " exists. Run mvn odoo:lock to create the lock, review it and commit it.");
        }
        List<String> out = new ArrayList<>();
        LockDigest.problem(read(lockFile), lockFile.getFileName().toString()).ifPresent(out::add);
        out.addAll(differences(repos, ReposFile.read(lockFile)));
        return out;
    }

    /**
     * Warnings that do not fail the check: a lock without a content-sha256 line (written
     * before the plugin added it, or the line was removed) cannot be checked for hand edits.
     */
    public static List<String> warnings(java.nio.file.Path lockFile) {
        if (!java.nio.file.Files.isRegularFile(lockFile) || LockDigest.state(read(lockFile)) != LockDigest.State.ABSENT) {
            return List.of();
        }
        return List.of(lockFile.getFileName() + " has no '# content-sha256:' header line, so hand edits of it cannot"
                + " be detected. Run mvn odoo:lock once to add it (no SHA moves), then commit the lock.");
    }

    private static String read(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new dev.odooimage.util.OdooImageException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static List<String> differences(ReposConfig repos, ReposConfig lock) {
        List<String> out = new ArrayList<>();
        for (Aggregate a : repos.aggregates()) {
            Aggregate l = lock.aggregate(a.path()).orElse(null);
            if (l == null) {
                out.add("+ " + a.path() + ": aggregate not in the lock");
                continue;
            }
            compare(a, l, out);
        }
        for (Aggregate l : lock.aggregates()) {
            if (repos.aggregate(l.path()).isEmpty()) {
                out.add("- " + l.path() + ": aggregate in the lock but no longer in repos.yaml");
            }
        }
        return out;
    }

    private static void compare(Aggregate a, Aggregate l, List<String> out) {
        String p = a.path();
        Set<String> names = new LinkedHashSet<>(a.remotes().keySet());
        names.addAll(l.remotes().keySet());
        for (String n : names) {
            String want = a.remoteUrl(n);
            String have = l.remoteUrl(n);
            if (have == null) {
                out.add("+ " + p + ": remote " + n + " (" + UrlMask.mask(want) + ") not in the lock");
            } else if (want == null) {
                out.add("- " + p + ": remote " + n + " in the lock but no longer in repos.yaml");
            } else if (!want.equals(have)) {
                out.add("~ " + p + ": remote " + n + " URL changed: lock " + UrlMask.mask(have) + ", repos.yaml "
                        + UrlMask.mask(want));
            }
        }
        boolean handEdited = false;
        for (Merge m : l.merges()) {
            if (m.lockedFrom() == null) {
                out.add("! " + p + ": merge '" + m + "' (lock line " + m.line()
                        + ") has no '# locked-from:' comment: the lock was edited by hand");
                handEdited = true;
            } else if (!m.isPinned()) {
                out.add("! " + p + ": merge '" + m + "' (lock line " + m.line()
                        + ") is not pinned to a full commit SHA: the lock was edited by hand");
                handEdited = true;
            }
        }
        if (!handEdited) {
            compareMerges(a, l, out);
        }
        if (!Objects.equals(a.target(), l.target())) {
            out.add("~ " + p + ": target changed: lock " + l.target() + ", repos.yaml " + a.target());
        }
        if (!Objects.equals(a.depth(), l.depth())) {
            out.add("~ " + p + ": defaults.depth changed: lock " + l.depth() + ", repos.yaml " + a.depth());
        }
        if (!a.extra().equals(l.extra())) {
            Set<String> keys = new LinkedHashSet<>(a.extra().keySet());
            keys.addAll(l.extra().keySet());
            for (String k : keys) {
                if (!Objects.equals(a.extra().get(k), l.extra().get(k))) {
                    out.add("~ " + p + ": " + k + " differs between repos.yaml and the lock");
                }
            }
        }
    }

    /** Merges are compared as (remote, human ref, depth) sequences; order matters to git-aggregator. */
    private static void compareMerges(Aggregate a, Aggregate l, List<String> out) {
        List<String> want = a.merges().stream().map(LockCheck::key).toList();
        List<String> have = l.merges().stream().map(m -> key(new Merge(m.remote(), m.lockedFrom(), m.depth(), null, 0)))
                .toList();
        if (want.equals(have)) {
            return;
        }
        List<String> missing = new ArrayList<>(want);
        have.forEach(missing::remove);
        List<String> extra = new ArrayList<>(have);
        want.forEach(extra::remove);
        missing.forEach(k -> out.add("+ " + a.path() + ": merge '" + k + "' not in the lock"));
        extra.forEach(k -> out.add("- " + a.path() + ": merge '" + k + "' in the lock but no longer in repos.yaml"));
        if (missing.isEmpty() && extra.isEmpty()) {
            out.add("~ " + a.path() + ": merge order changed: lock [" + String.join(", ", have) + "], repos.yaml ["
                    + String.join(", ", want) + "]");
        }
    }

    private static String key(Merge m) {
        return m.remote() + " " + m.ref() + (m.depth() == null ? "" : " (depth " + m.depth() + ")");
    }
}
