package dev.odooimage.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.odooimage.util.OdooImageException;

/**
 * Differential: a {@code git format-patch} patch made from {@code base -> edit} is applied on
 * {@code target} by {@link PatchSeries} and checked by the real {@code git apply --check};
 * both must agree, and where both apply, the result is what {@code git am} writes.
 */
class PatchSeriesGitDifferentialTest {
    @TempDir
    Path tmp;

    static String numbered(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i <= to; i++) {
            b.append("line ").append(i).append('\n');
        }
        return b.toString();
    }

    static final String TEXT = numbered(1, 30);
    static final String EDITED_MIDDLE = TEXT.replace("line 15\n", "line 15 patched\n");
    static final String EDITED_END = TEXT.replace("line 30\n", "line 30 patched\n");
    static final String EDITED_START = TEXT.replace("line 1\n", "line 1 patched\n");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("clean", Map.of("f.txt", TEXT), Map.of("f.txt", EDITED_MIDDLE), Map.of("f.txt", TEXT), List.of()),
                Arguments.of("offset", Map.of("f.txt", TEXT), Map.of("f.txt", EDITED_MIDDLE),
                        Map.of("f.txt", "new a\nnew b\nnew c\n" + TEXT), List.of()),
                Arguments.of("context changed", Map.of("f.txt", TEXT), Map.of("f.txt", EDITED_MIDDLE),
                        Map.of("f.txt", TEXT.replace("line 14\n", "line 14 upstream\n")), List.of()),
                Arguments.of("end of file moved on", Map.of("f.txt", TEXT), Map.of("f.txt", EDITED_END),
                        Map.of("f.txt", TEXT + "line 31 upstream\n"), List.of()),
                Arguments.of("start of file moved on", Map.of("f.txt", TEXT), Map.of("f.txt", EDITED_START),
                        Map.of("f.txt", "line 0 upstream\n" + TEXT), List.of()),
                Arguments.of("delete of a changed file", Map.of("f.txt", TEXT, "g.txt", "g\n"), Map.of("g.txt", "g\n"),
                        Map.of("f.txt", TEXT.replace("line 20\n", "line 20 upstream\n"), "g.txt", "g\n"), List.of()),
                Arguments.of("add of an existing file", Map.of("g.txt", "g\n"), Map.of("g.txt", "g\n", "f.txt", TEXT),
                        Map.of("g.txt", "g\n", "f.txt", "upstream\n"), List.of()),
                Arguments.of("modify of a missing file", Map.of("f.txt", TEXT), Map.of("f.txt", EDITED_MIDDLE),
                        Map.of("g.txt", "g\n"), List.of()),
                Arguments.of("CRLF target", Map.of("f.txt", TEXT), Map.of("f.txt", EDITED_MIDDLE),
                        Map.of("f.txt", TEXT.replace("\n", "\r\n")), List.of()),
                Arguments.of("no newline at end", Map.of("f.txt", "a\nb\nc"), Map.of("f.txt", "a\nb\nc patched"),
                        Map.of("f.txt", "a\nb\nc\n"), List.of()),
                Arguments.of("binary without data", Map.of("b.bin", "\0\1\2"), Map.of("b.bin", "\0\1\3"),
                        Map.of("b.bin", "\0\1\2"), List.of("--no-binary")),
                Arguments.of("two hunks, second moved", Map.of("f.txt", TEXT),
                        Map.of("f.txt", EDITED_MIDDLE.replace("line 5\n", "line 5 patched\n")),
                        Map.of("f.txt", TEXT.replace("line 25\n", "line 25a\nline 25b\n")), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesExactlyWhenGitApplyCheckDoes(String name, Map<String, String> base, Map<String, String> edit,
            Map<String, String> target, List<String> formatPatchArgs) throws Exception {
        Path patch = formatPatch(base, edit, formatPatchArgs);
        Path t = repo(tmp.resolve("target"), target);
        List<String> check = new ArrayList<>(List.of("git", "apply", "--check", patch.toString()));
        Process p = new ProcessBuilder(check).directory(t.toFile()).redirectErrorStream(true).start();
        String gitSays = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean gitApplies = p.waitFor() == 0;

        try (Git git = Git.open(t.toFile())) {
            ObjectId head = git.getRepository().resolve("HEAD");
            String ours;
            ObjectId result = null;
            try {
                result = PatchSeries.apply(git.getRepository(), head, List.of(patch), "./t");
                ours = "applied";
            } catch (OdooImageException e) {
                ours = e.getMessage();
                assertTrue(ours.contains("does not apply") && ours.contains(patch.getFileName().toString())
                        && ours.contains("Rebase the patch"), ours);
            }
            assertEquals(gitApplies, result != null, name + ": git apply --check says '" + gitSays.trim()
                    + "', PatchSeries: " + ours);
            if (gitApplies) {
                Fixtures.run(t, "git", "am", "-q", patch.toString());
                assertEquals(git.getRepository().resolve("HEAD^{tree}").name(), tree(git, result),
                        name + ": the same tree as git am");
            }
        }
    }

    private static String tree(Git git, ObjectId commit) throws Exception {
        try (RevWalk w = new RevWalk(git.getRepository())) {
            return w.parseCommit(commit).getTree().name();
        }
    }

    private Path formatPatch(Map<String, String> base, Map<String, String> edit, List<String> args) throws Exception {
        Path dir = repo(tmp.resolve("source"), base);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(f -> !f.getFileName().toString().equals(".git")).toList()) {
                Files.delete(f);
            }
        }
        writeAll(dir, edit);
        Fixtures.run(dir, "git", "add", "-A");
        Fixtures.run(dir, "git", "commit", "-q", "-m", "the change");
        List<String> cmd = new ArrayList<>(List.of("git", "format-patch", "-1", "-o", tmp.resolve("patches").toString()));
        cmd.addAll(args);
        return Path.of(Fixtures.run(dir, cmd.toArray(String[]::new)).trim());
    }

    private static Path repo(Path dir, Map<String, String> files) throws Exception {
        Files.createDirectories(dir);
        Fixtures.run(dir, "git", "init", "-q", "-b", "main");
        Fixtures.run(dir, "git", "config", "user.name", "T");
        Fixtures.run(dir, "git", "config", "user.email", "t@e");
        Fixtures.run(dir, "git", "config", "core.autocrlf", "false");
        writeAll(dir, files);
        Fixtures.run(dir, "git", "add", "-A");
        Fixtures.run(dir, "git", "commit", "-q", "-m", "base");
        return dir;
    }

    private static void writeAll(Path dir, Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> e : new LinkedHashMap<>(files).entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.ISO_8859_1);
        }
    }
}
