package dev.odooimage.aggregate;

import java.time.Duration;

import org.eclipse.jgit.lib.BatchingProgressMonitor;

/**
 * JGit progress of a long fetch as a few info lines (not one per object): a task is
 * reported only after it has run for a few seconds, then at most every 10%.
 */
final class LogProgressMonitor extends BatchingProgressMonitor {
    private final AggregateLog log;
    private final String prefix;
    private int lastDecile = -1;
    private final long quietUntil = System.nanoTime() + 3_000_000_000L;

    LogProgressMonitor(AggregateLog log, String prefix) {
        this.log = log;
        this.prefix = prefix;
    }

    @Override
    protected void onUpdate(String taskName, int workCurr, Duration duration) {
        // Tasks without a total (counting objects) are not worth a line each.
    }

    @Override
    protected void onEndTask(String taskName, int workCurr, Duration duration) {
        if (loud()) {
            log.info(prefix + taskName + ": " + workCurr + " done");
        }
        lastDecile = -1;
    }

    @Override
    protected void onUpdate(String taskName, int workCurr, int workTotal, int percentDone, Duration duration) {
        int decile = percentDone / 10;
        if (decile != lastDecile && loud()) {
            lastDecile = decile;
            log.info(prefix + taskName + ": " + percentDone + "% (" + workCurr + "/" + workTotal + ")");
        }
    }

    @Override
    protected void onEndTask(String taskName, int workCurr, int workTotal, int percentDone, Duration duration) {
        if (loud()) {
            log.info(prefix + taskName + ": 100% (" + workCurr + "/" + workTotal + ")");
        }
        lastDecile = -1;
    }

    /** Short fetches stay silent: the per-aggregate line says enough. */
    private boolean loud() {
        return System.nanoTime() - quietUntil > 0;
    }
}
