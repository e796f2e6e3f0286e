package dev.odooimage.repos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

/** The one reader of repos.lock.yaml and the one aggregate path normaliser. */
class ReposLockTest {

    @TempDir
    Path tmp;

    private static final String SHA = "0123456789012345678901234567890123456789";

    @Test
    void aggregatesInLockOrderAsDirectoriesUnderSrc() throws Exception {
        Path f = Files.writeString(tmp.resolve("repos.lock.yaml"), """
                ./odoo:
                  remotes: {odoo: file:///x}
                  merges:
                  - odoo %s # locked-from: odoo 17.0
                  target: odoo 17.0
                ./oca/web/:
                  remotes: {oca: file:///y}
                  merges: [oca %s]
                  target: oca 17.0
                """.formatted(SHA, SHA));
        assertEquals(List.of("odoo", "oca/web"), ReposLock.relativePaths(ReposLock.read(f)));
        assertEquals(List.of("odoo", "oca/web"), ReposLock.readIfPresent(f).map(ReposLock::relativePaths).orElseThrow());
    }

    @Test
    void aMissingLockIsOneMessageWithTheCommandOrEmptyWhereOptional() {
        Path missing = tmp.resolve("repos.lock.yaml");
        String msg = assertThrows(OdooImageException.class, () -> ReposLock.read(missing)).getMessage();
        assertTrue(msg.contains("repos.lock.yaml not found") && msg.contains("mvn odoo:lock"), msg);
        assertEquals(Optional.empty(), ReposLock.readIfPresent(missing));
    }

    @Test
    void anUnpinnedMergeIsNotALockAndTheMessageNamesTheLine() throws Exception {
        Path f = Files.writeString(tmp.resolve("repos.lock.yaml"), """
                ./odoo:
                  remotes: {odoo: file:///x}
                  merges:
                  - odoo 17.0
                  target: odoo 17.0
                """);
        String msg = assertThrows(OdooImageException.class, () -> ReposLock.read(f)).getMessage();
        assertTrue(msg.contains("repos.lock.yaml:4") && msg.contains("not pinned"), msg);
    }

    @Test
    void brokenYamlNamesTheFile() throws Exception {
        Path f = Files.writeString(tmp.resolve("repos.lock.yaml"), "- a\n- b\n");
        String msg = assertThrows(OdooImageException.class, () -> ReposLock.read(f)).getMessage();
        assertTrue(msg.contains("repos.lock.yaml"), msg);
    }

    @Test
    void oneNormaliserForEverySpellingOfAPath() {
        for (String p : List.of("oca/web", "./oca/web", "./oca/web/", "././oca/web//", " ./oca/web ")) {
            assertEquals("oca/web", AggregatePath.relative(p), p);
        }
        assertEquals(Optional.empty(), AggregatePath.problem("oca/web"));
        for (String bad : List.of("", ".", "/abs", "a/../b", "..", "a//b", "a\\b", "a/.git")) {
            assertTrue(AggregatePath.problem(bad).isPresent(), bad);
        }
    }
}
