package dev.odooimage.aggregate;

/**
 * Network work done for one aggregate: how many fetches ran and how many bytes of pack
 * they brought into the cache. Zero fetches means everything came from the cache.
 */
public record FetchStats(int fetches, long bytes) {
    public static final FetchStats NONE = new FetchStats(0, 0);

    public FetchStats plus(FetchStats o) {
        return new FetchStats(fetches + o.fetches, bytes + o.bytes);
    }

    public boolean cacheHit() {
        return fetches == 0;
    }
}
