package dev.odooimage.repos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What LockWriter writes, ReposFile reads back identically, whatever the scalars look like. */
class LockWriterTest {

    static final String A = "0123456789abcdef0123456789abcdef01234567";
    static final String DIGITS = "1234567890123456789012345678901234567890";
    static final String FLOATY = "1234567e89012345678901234567890123456789"; // YAML 1.1 could read a float

    @Test
    void roundTripsAwkwardScalars() {
        Map<String, String> remotes = new LinkedHashMap<>();
        remotes.put("odoo", "https://github.com/odoo/odoo.git");
        remotes.put("yes", "git@github.com:org/repo.git");
        remotes.put("frag", "https://host/repo.git#not-a-comment");
        remotes.put("true", "ssh://git@host:2222/~user/repo with space.git");
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("fetch_all", List.of("odoo", "yes"));
        extra.put("shell_command_after", List.of("echo 'a: b' # c", "true", "sed -i \"s/x/y/\" f"));
        extra.put("patches", List.of(Map.of("cmd", "git am", "files", List.of("8.0.patch"))));
        extra.put("odd", "8.0");
        extra.put("flag", Boolean.FALSE);
        extra.put("count", 3L);
        Aggregate a = new Aggregate("./oca/server tools", remotes, List.of(
                new Merge("odoo", A, null, "17.0", 0),
                new Merge("yes", DIGITS, 7, "refs/pull/12/head", 0),
                new Merge("frag", FLOATY, null, "1.0", 0),
                new Merge("true", A, 2, A, 0)), new Target(null, "17.0"), 1, extra, 0);
        Aggregate b = new Aggregate("./odoo", Map.of("odoo", "/srv/odoo"), List.of(new Merge("odoo", A, null, "17.0", 0)),
                new Target("odoo", "17.0"), null, Map.of(), 0);
        String text = LockWriter.render(new ReposConfig(null, List.of(a, b)));
        ReposConfig back = ReposFile.parse("repos.lock.yaml", text);

        assertEquals(2, back.aggregates().size());
        Aggregate ra = back.aggregates().get(0);
        assertEquals(a.path(), ra.path());
        assertEquals(a.remotes(), ra.remotes());
        assertEquals(List.copyOf(a.remotes().keySet()), List.copyOf(ra.remotes().keySet()));
        assertEquals(a.target(), ra.target());
        assertEquals(a.depth(), ra.depth());
        assertEquals(a.extra(), ra.extra());
        for (int i = 0; i < a.merges().size(); i++) {
            Merge want = a.merges().get(i);
            Merge got = ra.merges().get(i);
            assertEquals(List.of(want.remote(), want.ref(), String.valueOf(want.depth()), want.lockedFrom()),
                    List.of(got.remote(), got.ref(), String.valueOf(got.depth()), got.lockedFrom()), text);
        }
        assertEquals(new Target("odoo", "17.0"), back.aggregates().get(1).target());
        assertTrue(text.startsWith(LockWriter.HEADER), text);
    }

    @Test
    void refusesToWriteUnpinnedMerges() {
        Aggregate a = new Aggregate("./odoo", Map.of("odoo", "/srv/odoo"), List.of(new Merge("odoo", "17.0")), null,
                null, Map.of(), 0);
        assertThrows(IllegalArgumentException.class, () -> LockWriter.render(new ReposConfig(null, List.of(a))));
    }

    @Test
    void refreshParsesCommaSeparatedAggregatesAndOneMergeEach() {
        Refresh r = Refresh.of(false, List.of("./odoo, ./oca/web", "./x"), List.of(" ./odoo  nuobit 17.0-hotfix "));
        assertEquals(List.of("./odoo", "./oca/web", "./x"), r.aggregates());
        assertEquals(List.of(new Refresh.MergeSelector("./odoo", "nuobit", "17.0-hotfix")), r.merges());
        assertTrue(Refresh.of(false, null, null).isNone());
    }
}
