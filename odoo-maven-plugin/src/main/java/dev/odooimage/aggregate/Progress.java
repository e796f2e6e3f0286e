package dev.odooimage.aggregate;

import java.util.Locale;

import dev.odooimage.repos.Aggregate;

/** The one-line report per aggregate and byte formatting. */
final class Progress {
    private Progress() {
    }

    static String line(Aggregate agg, AggregateBuilder.Built b, long ms) {
        FetchStats f = b.fetch();
        String fetch = f.cacheHit() ? "cache hit, nothing fetched"
                : "cache miss, fetched " + bytes(f.bytes()) + " in " + f.fetches() + " fetch(es)";
        return String.format(Locale.ROOT, "  %s: %d merge(s), %s, %d files (%s), %.1f s (of which writing the files %.1f s)",
                agg.path(), agg.merges().size(), fetch, b.files(), bytes(b.bytes()), ms / 1000.0, b.exportMillis() / 1000.0);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
}
