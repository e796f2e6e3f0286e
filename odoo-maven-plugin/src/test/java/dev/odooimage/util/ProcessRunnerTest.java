package dev.odooimage.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one process runner, on real processes of the host's shell. */
class ProcessRunnerTest {

    @TempDir
    Path tmp;

    @Test
    void capturesStdoutAndStderrTogetherWithTheExitCode() {
        ProcessRunner.Result r = ProcessRunner.command(List.of("sh", "-c", "echo out; echo err >&2; exit 3"))
                .timeout(Duration.ofSeconds(30)).call();
        assertEquals(3, r.exitCode());
        assertFalse(r.ok());
        assertTrue(r.output().contains("out") && r.output().contains("err"), r.output());
        assertEquals("err", ProcessRunner.command(List.of("sh", "-c", "echo a; echo b; echo err >&2")).call().tail(1));
    }

    @Test
    void runsInItsDirectoryWithItsEnvironmentAndNoneOfTheRemovedVariables() {
        ProcessRunner.Result r = ProcessRunner.command(List.of("sh", "-c", "pwd; echo \"[$ODOO_X][${HOME:-gone}]\""))
                .directory(tmp).environment(Map.of("ODOO_X", "x")).removeEnvironment(k -> k.equals("HOME")).call();
        assertTrue(r.ok(), r.output());
        assertEquals(tmp.toAbsolutePath() + "\n[x][gone]\n", r.output());
    }

    @Test
    void aCommandPastItsTimeoutIsKilledWithItsChildren() {
        long start = System.nanoTime();
        ProcessRunner.Result r = ProcessRunner.command(List.of("sh", "-c", "sleep 60 & sleep 60"))
                .timeout(Duration.ofMillis(500)).call();
        assertTrue(r.timedOut());
        assertEquals(-1, r.exitCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
    }

    @Test
    void stdinIsClosedSoACommandWaitingForInputEndsAtOnce() {
        ProcessRunner.Result r = ProcessRunner.command(List.of("sh", "-c", "read line; echo \"rc=$?\""))
                .timeout(Duration.ofSeconds(30)).call();
        assertTrue(r.ok() && r.output().startsWith("rc=1"), r.output());
    }

    @Test
    void aMissingProgramIs127AndACommandLineForMessagesHasNoCredentials() {
        ProcessRunner.Result r = ProcessRunner.run(List.of(tmp.resolve("nope").toString()), Duration.ofSeconds(5));
        assertEquals(127, r.exitCode());
        assertTrue(r.output().startsWith("cannot start "), r.output());
        String shown = ProcessRunner.display(List.of("pip", "download", "--index-url",
                "https://user:s3cret@pypi.example.com/simple"));
        assertFalse(shown.contains("s3cret"), shown);
    }
}
