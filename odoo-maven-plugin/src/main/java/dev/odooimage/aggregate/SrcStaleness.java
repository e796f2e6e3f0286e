package dev.odooimage.aggregate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.odooimage.repos.Aggregate;
import dev.odooimage.repos.Merge;
import dev.odooimage.repos.ReposConfig;

/**
 * Whether target/odoo/src is what the lock describes, from src.json alone (no file is read):
 * goals that read src/ without aggregating (odoo:addons, odoo:addons-path run on their own)
 * would otherwise report the sources of an older lock and succeed.
 */
public final class SrcStaleness {
    private SrcStaleness() {
    }

    /** Why src/ does not match {@code lock} (one message naming what moved, and the fix), or empty. */
    public static Optional<String> check(ReposConfig lock, Path workDirectory) {
        String lockName = lock.source() != null ? String.valueOf(lock.source().getFileName()) : "the lock";
        Path file = workDirectory.resolve("src.json");
        Optional<SrcManifest> read = SrcManifest.read(file);
        String fix = "Run mvn odoo:aggregate (or mvn generate-sources) first.";
        if (read.isEmpty()) {
            return Optional.of(file + " not found: no sources were aggregated from " + lockName + " yet. " + fix);
        }
        SrcManifest m = read.get();
        List<String> out = new ArrayList<>();
        for (Aggregate agg : lock.aggregates()) {
            Optional<SrcManifest.Entry> e = m.entry(agg.relativePath());
            if (e.isEmpty()) {
                out.add(agg.path() + ": in " + lockName + ", not aggregated");
                continue;
            }
            List<String> want = agg.merges().stream().map(Merge::ref).toList();
            List<String> have = e.get().merges().stream().map(SrcManifest.MergeEntry::sha).toList();
            if (!want.equals(have)) {
                for (int i = 0; i < Math.max(want.size(), have.size()); i++) {
                    String w = i < want.size() ? want.get(i) : null;
                    String h = i < have.size() ? have.get(i) : null;
                    if (w == null || !w.equals(h)) {
                        String name = i < agg.merges().size() ? "merge '" + agg.merges().get(i).remote() + " "
                                + agg.merges().get(i).lockedFrom() + "'" : "merge " + (i + 1);
                        out.add(agg.path() + ": " + name + " is " + shortSha(w) + " in " + lockName + ", "
                                + shortSha(h) + " in src/");
                        break;
                    }
                }
            }
        }
        for (SrcManifest.Entry e : m.aggregates()) {
            if (lock.aggregates().stream().noneMatch(a -> a.relativePath().equals(e.dir()))) {
                out.add(e.path() + ": aggregated, but no longer in " + lockName);
            }
        }
        if (out.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("target/odoo/src is not what " + lockName + " describes (the lock moved since the last"
                + " aggregate):\n  " + String.join("\n  ", out) + "\n" + fix);
    }

    private static String shortSha(String sha) {
        return sha == null ? "absent" : sha.substring(0, Math.min(12, sha.length()));
    }
}
