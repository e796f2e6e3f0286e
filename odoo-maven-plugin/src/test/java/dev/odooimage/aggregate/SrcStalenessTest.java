package dev.odooimage.aggregate;

import static dev.odooimage.aggregate.Fixtures.aggregate;
import static dev.odooimage.aggregate.Fixtures.commit;
import static dev.odooimage.aggregate.Fixtures.lock;
import static dev.odooimage.aggregate.Fixtures.merge;
import static dev.odooimage.aggregate.Fixtures.remotes;
import static dev.odooimage.aggregate.Fixtures.url;
import static dev.odooimage.aggregate.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.repos.ReposConfig;

/** src/ against the lock, for goals that read src/ without aggregating. */
class SrcStalenessTest {
    @TempDir
    Path tmp;

    @Test
    void aLockThatMovedSinceTheLastAggregateIsNamed() throws Exception {
        Git odoo = Fixtures.init(tmp.resolve("odoo"));
        write(odoo, "a.py", "1\n");
        RevCommit c1 = commit(odoo, "one");
        write(odoo, "a.py", "2\n");
        RevCommit c2 = commit(odoo, "two");
        Path work = tmp.resolve("target/odoo");
        ReposConfig before = lock(aggregate("./odoo", remotes("odoo", url(odoo)), merge("odoo", c1, "odoo main")));
        String none = SrcStaleness.check(before, work).orElseThrow();
        assertTrue(none.endsWith("src.json not found: no sources were aggregated from the lock yet. Run mvn"
                + " odoo:aggregate (or mvn generate-sources) first."), none);

        new Aggregator(new AggregateOptions(work, new GitCache(tmp.resolve("cache")), 1, false, tmp, null),
                AggregateLog.NONE).run(before);
        assertEquals(Optional.empty(), SrcStaleness.check(before, work));

        ReposConfig moved = lock(aggregate("./odoo", remotes("odoo", url(odoo)), merge("odoo", c2, "odoo main")),
                aggregate("./oca", remotes("oca", url(odoo)), merge("oca", c1, "oca main")));
        assertEquals("target/odoo/src is not what the lock describes (the lock moved since the last aggregate):\n"
                + "  ./odoo: merge 'odoo odoo main' is " + c2.name().substring(0, 12) + " in the lock, "
                + c1.name().substring(0, 12) + " in src/\n"
                + "  ./oca: in the lock, not aggregated\n"
                + "Run mvn odoo:aggregate (or mvn generate-sources) first.", SrcStaleness.check(moved, work).orElseThrow());
    }
}
