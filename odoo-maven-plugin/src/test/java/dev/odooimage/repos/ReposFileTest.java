package dev.odooimage.repos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

class ReposFileTest {

    @TempDir
    Path dir;

    private ReposConfig read(String yaml) throws Exception {
        Path f = dir.resolve("repos.yaml");
        Files.writeString(f, yaml);
        return ReposFile.read(f);
    }

    private String error(String yaml) {
        return assertThrows(OdooImageException.class, () -> read(yaml)).getMessage();
    }

    @Test
    void readsFullGitAggregatorFormat() throws Exception {
        ReposConfig c = read("""
                # operator comment
                ./odoo:
                  remotes:
                    odoo: https://github.com/odoo/odoo.git
                    nuobit: git@github.com:nuobit/odoo.git
                  merges:
                    - odoo 17.0
                    - remote: nuobit
                      ref: 17.0-hotfix
                      depth: 5
                  target: nuobit 17.0
                  defaults:
                    depth: 1
                  fetch_all:
                    - odoo
                  shell_command_after:
                    - echo done
                ./oca/server-tools:
                  remotes:
                    oca: https://github.com/OCA/server-tools.git
                  merges: [oca 17.0]
                  target: 17.0
                """);
        assertEquals(2, c.aggregates().size());
        Aggregate odoo = c.aggregates().get(0);
        assertEquals("./odoo", odoo.path());
        assertEquals(2, odoo.line());
        assertEquals(List.of("odoo", "nuobit"), List.copyOf(odoo.remotes().keySet()));
        assertEquals("git@github.com:nuobit/odoo.git", odoo.remoteUrl("nuobit"));
        assertEquals(new Merge("odoo", "17.0", null, null, 7), odoo.merges().get(0));
        assertEquals(new Merge("nuobit", "17.0-hotfix", 5, null, 8), odoo.merges().get(1));
        assertEquals(new Target("nuobit", "17.0"), odoo.target());
        assertEquals(1, odoo.depth());
        assertEquals(List.of("fetch_all", "shell_command_after"), List.copyOf(odoo.extra().keySet()));
        assertEquals(List.of("odoo"), odoo.extra().get("fetch_all"));
        assertEquals(List.of("echo done"), odoo.extra().get("shell_command_after"));

        Aggregate oca = c.aggregate("oca/server-tools/").orElseThrow();
        assertEquals("oca/server-tools", oca.relativePath());
        assertEquals(new Target(null, "17.0"), oca.target());
        assertNull(oca.depth());
        assertEquals(18, oca.line());
    }

    @Test
    void keepsScalarsAsWrittenEvenWhenYamlWouldReadNumbers() throws Exception {
        ReposConfig c = read("""
                ./odoo:
                  remotes: {odoo: /srv/odoo.git}
                  merges:
                    - remote: odoo
                      ref: 17.10
                  target: odoo 17.10
                  fetch_all: true
                  custom: 8.0
                """);
        Aggregate a = c.aggregates().get(0);
        assertEquals("17.10", a.merges().get(0).ref());
        assertEquals("17.10", a.target().branch());
        assertEquals(Boolean.TRUE, a.extra().get("fetch_all"));
        assertEquals("8.0", a.extra().get("custom"));
    }

    @Test
    void readsLockedFromCommentsBackIntoMerges() throws Exception {
        ReposConfig c = read("""
                # generated
                ./odoo:
                  remotes:
                    odoo: /srv/odoo.git
                    ff: /srv/ff.git
                  merges:
                    # locked-from: odoo 17.0
                    - odoo 0123456789abcdef0123456789abcdef01234567

                    #   locked-from:   ff   17.0-barcodes
                    - remote: ff
                      ref: 89abcdef0123456789abcdef0123456789abcdef
                      depth: 3
                    - ff 89abcdef0123456789abcdef0123456789abcdef
                """);
        List<Merge> m = c.aggregates().get(0).merges();
        assertEquals("17.0", m.get(0).lockedFrom());
        assertTrue(m.get(0).isPinned());
        assertEquals("17.0-barcodes", m.get(1).lockedFrom());
        assertEquals(3, m.get(1).depth());
        assertNull(m.get(2).lockedFrom(), "a merge with no comment above it has no locked-from");
    }

    @Test
    void lockedFromNamingAnotherRemoteIsAnError() {
        String msg = error("""
                ./odoo:
                  remotes: {odoo: /a, ff: /b}
                  merges:
                    # locked-from: odoo 17.0
                    - ff 0123456789abcdef0123456789abcdef01234567
                """);
        assertTrue(msg.contains("repos.yaml:4"), msg);
        assertTrue(msg.contains("mvn odoo:lock"), msg);
    }

    @Test
    void emptyFileHasNoAggregates() throws Exception {
        assertEquals(0, read("# nothing yet\n").aggregates().size());
    }

    @Test
    void malformedYamlNamesFileLineAndColumn() {
        String msg = error("""
                ./odoo:
                  remotes:
                    odoo: https://x/odoo.git
                  merges:
                    - odoo 17.0
                   - bad indent
                """);
        assertTrue(msg.matches("(?s).*repos\\.yaml:\\d+:\\d+: malformed YAML.*"), msg);
        assertTrue(msg.contains(":6:"), msg);
    }

    @Test
    void unknownRemoteInMergeNamesAggregateMergeAndFix() {
        String msg = error("""
                ./odoo:
                  remotes:
                    odoo: https://x/odoo.git
                  merges:
                    - odoo 17.0
                    - nuobit 17.0-hotfix
                """);
        assertTrue(msg.contains("repos.yaml:6"), msg);
        assertTrue(msg.contains("aggregate ./odoo"), msg);
        assertTrue(msg.contains("'nuobit 17.0-hotfix'"), msg);
        assertTrue(msg.contains("defined: odoo"), msg);
        assertTrue(msg.contains("Add 'nuobit: <url>' under remotes"), msg);
    }

    @Test
    void emptyOrMissingMergesAreErrors() {
        assertTrue(error("./odoo:\n  remotes: {odoo: /a}\n  merges: []\n").contains("merges is empty"));
        assertTrue(error("./odoo:\n  remotes: {odoo: /a}\n  merges:\n").contains("merges is empty"));
        String missing = error("./odoo:\n  remotes: {odoo: /a}\n");
        assertTrue(missing.contains("repos.yaml:1") && missing.contains("merges is not defined"), missing);
    }

    @Test
    void targetRemoteMustExist() {
        String msg = error("""
                ./odoo:
                  remotes: {odoo: /a}
                  merges: [odoo 17.0]
                  target: acme 17.0
                """);
        assertTrue(msg.contains("repos.yaml:4") && msg.contains("target remote acme is not defined"), msg);
    }

    @Test
    void badShapesGetClearErrors() {
        assertTrue(error("./odoo:\n  remotes: {odoo: /a}\n  merges: [odoo]\n").contains("'<remote> <ref>'"));
        assertTrue(error("./odoo:\n  remotes: {odoo: /a}\n  merges: [{remote: odoo}]\n").contains("'ref'"));
        assertTrue(error("./odoo:\n  merges: [odoo 1]\n").contains("remotes is not defined"));
        assertTrue(error("./odoo:\n  remotes: {odoo: }\n  merges: [odoo 1]\n").contains("remote odoo has no URL"));
        assertTrue(error("./odoo:\n  remotes: {odoo: /a}\n  merges: [odoo 1]\n  defaults: {depth: x}\n")
                .contains("positive whole number"));
        assertTrue(error("- just a list\n").contains("must be a mapping"));
        assertTrue(error("./odoo:\n  remotes: {odoo: /a}\n  merges: [odoo 1]\n./odoo:\n  remotes: {odoo: /a}\n"
                + "  merges: [odoo 1]\n").contains("defined twice"));
        assertTrue(error("./odoo:\n  remotes: {odoo: /a}\n  merges: [odoo 1]\nodoo/:\n  remotes: {odoo: /a}\n"
                + "  merges: [odoo 1]\n").contains("aggregate odoo/ is defined twice (first at line 1)"));
    }

    @Test
    void errorsNeverShowUrlCredentials() {
        String msg = error("""
                ./odoo:
                  remotes:
                    odoo: https://bot:s3cr3t-token@git.example.com/odoo.git
                  merges: [odoo 17.0]
                  target: odoo 17.0 extra
                """);
        assertTrue(!msg.contains("s3cr3t"), msg);
    }

    @Test
    void passThroughKeepsNestedStructures() throws Exception {
        ReposConfig c = read("""
                ./odoo:
                  remotes: {odoo: /a}
                  merges: [odoo 17.0]
                  patches:
                    - cmd: git am
                      files: [a.patch, b.patch]
                """);
        assertEquals(List.of(Map.of("cmd", "git am", "files", List.of("a.patch", "b.patch"))),
                c.aggregates().get(0).extra().get("patches"));
    }
}
