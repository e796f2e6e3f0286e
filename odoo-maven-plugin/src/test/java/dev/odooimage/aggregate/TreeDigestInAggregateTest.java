package dev.odooimage.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.Digests;

/** The digest of an addon inside an aggregate, reusing the aggregate step's recorded file hashes. */
class TreeDigestInAggregateTest {
    @TempDir
    Path tmp;

    @Test
    void equalsAFullReadAndReadsOnlyFilesWhoseStatChanged() throws Exception {
        Path agg = tmp.resolve("src/oca/web");
        Path addon = Files.createDirectories(agg.resolve("web_x/models"));
        Files.writeString(agg.resolve("web_x/__init__.py"), "from . import models\n");
        Path model = Files.writeString(agg.resolve("web_x/models/x.py"), "X = 1\n");
        Files.writeString(agg.resolve("README.md"), "outside the addon\n");
        Path addonDir = addon.getParent();
        Path statFile = Aggregator.statFile(tmp, "oca/web");

        assertEquals(TreeDigest.of(addonDir), TreeDigest.ofInAggregate(addonDir, "web_x/", TreeDigest.Recorded.read(statFile)),
                "no stat data: every file is read");

        // A recorded hash that is not the file's: used as long as the file's stat is unchanged,
        // which proves the file was not read again.
        StatCache recorded = StatCache.empty();
        TreeDigest.of(agg, StatCache.empty(), recorded);
        recorded.put("web_x/models/x.py", StatCache.stat(model), Digests.sha256().digest("other".getBytes()));
        recorded.write(statFile);
        long later = Files.getLastModifiedTime(model).to(TimeUnit.NANOSECONDS) + 2_000_000_000L;
        Files.setLastModifiedTime(statFile, FileTime.from(later, TimeUnit.NANOSECONDS)); // not racy
        assertNotEquals(TreeDigest.of(addonDir), TreeDigest.ofInAggregate(addonDir, "web_x/", TreeDigest.Recorded.read(statFile)));

        Thread.sleep(20);
        Files.writeString(model, "X = 2\n"); // a real change: new ctime, read again
        Files.setLastModifiedTime(statFile, FileTime.from(later + 2_000_000_000L, TimeUnit.NANOSECONDS));
        assertEquals(TreeDigest.of(addonDir), TreeDigest.ofInAggregate(addonDir, "web_x/", TreeDigest.Recorded.read(statFile)));
    }
}
