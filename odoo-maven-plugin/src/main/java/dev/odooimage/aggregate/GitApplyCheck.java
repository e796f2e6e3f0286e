package dev.odooimage.aggregate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.FileHeader.PatchType;
import org.eclipse.jgit.patch.HunkHeader;
import org.eclipse.jgit.patch.Patch;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Decides whether a patch applies the way {@code git apply --check} (and so {@code git am})
 * decides, before JGit's {@code PatchApplier} writes it. JGit is laxer: it applies a hunk
 * that git anchors at the start or end of a file anywhere its lines match, turns CRLF files
 * into LF to match an LF patch, deletes a file whatever its content, skips "Binary files
 * differ" and patches a file that is not there as if it were empty. Git's rules, from
 * apply.c: a hunk's lines (context and removed, with their line ends) must match exactly;
 * a hunk starting at line 0 or 1 must match at the beginning, one without trailing context
 * at the end; otherwise it may move (nearest offset first). No fuzz, no whitespace leniency.
 */
final class GitApplyCheck {
    private GitApplyCheck() {
    }

    /** Why git would refuse {@code patch} on {@code tree}, or null when it applies. */
    static String check(ObjectReader reader, RevTree tree, Patch patch) throws IOException {
        Set<String> gone = new HashSet<>();
        Set<String> added = new HashSet<>();
        for (FileHeader fh : patch.getFiles()) {
            ChangeType type = fh.getChangeType();
            String oldPath = fh.getOldPath();
            String newPath = fh.getNewPath();
            if (type == ChangeType.ADD || type == ChangeType.RENAME || type == ChangeType.COPY) {
                if ((exists(reader, tree, newPath) && !gone.contains(newPath)) || added.contains(newPath)) {
                    return newPath + ": already exists in the tree";
                }
                added.add(newPath);
            }
            byte[] old = null;
            if (type != ChangeType.ADD) {
                if (!exists(reader, tree, oldPath) || gone.contains(oldPath)) {
                    return oldPath + ": does not exist in the tree";
                }
                old = read(reader, tree, oldPath);
                if (type == ChangeType.DELETE || type == ChangeType.RENAME) {
                    gone.add(oldPath);
                }
            }
            String path = type == ChangeType.ADD ? newPath : oldPath;
            if (fh.getPatchType() == PatchType.BINARY) {
                return "cannot apply binary patch to '" + path + "' without full index line";
            }
            if (fh.getPatchType() == PatchType.UNIFIED) {
                String why = checkText(path, old == null ? new byte[0] : old, fh);
                if (why != null) {
                    return why;
                }
            }
        }
        return null;
    }

    private static String checkText(String path, byte[] content, FileHeader fh) {
        List<byte[]> image = lines(content, 0, content.length);
        int afterLast = 0;
        for (HunkHeader hh : fh.getHunks()) {
            Hunk h = Hunk.of(hh);
            int oldStart = hh.getOldImage().getStartLine();
            boolean matchBeginning = oldStart <= 1;
            boolean matchEnd = h.trailing == 0;
            int at = -1;
            if (matchBeginning) {
                at = matches(image, h.pre, 0) && (!matchEnd || h.pre.size() == image.size()) ? 0 : -1;
            } else if (matchEnd) {
                int end = image.size() - h.pre.size();
                at = end >= afterLast && matches(image, h.pre, end) ? end : -1;
            } else {
                // git's hint is where the hunk lands after the hunks before it (+c of "@@ -a,b +c,d @@")
                int last = image.size() - h.pre.size();
                int hint = Math.max(afterLast, Math.min(hh.getNewStartLine() - 1, last));
                for (int d = 0; at < 0 && (hint - d >= afterLast || hint + d <= last); d++) {
                    // forwards first at equal distance, as git's find_pos
                    if (hint + d <= last && matches(image, h.pre, hint + d)) {
                        at = hint + d;
                    } else if (d > 0 && hint - d >= afterLast && matches(image, h.pre, hint - d)) {
                        at = hint - d;
                    }
                }
            }
            if (at < 0) {
                return "patch failed at " + path + ":" + oldStart + " (" + (matchBeginning ? "the hunk must match at the"
                        + " beginning of the file" : matchEnd ? "the hunk must match at the end of the file"
                        : "its context and removed lines are nowhere in the file") + ")";
            }
            List<byte[]> next = new ArrayList<>(image.subList(0, at));
            next.addAll(h.post);
            next.addAll(image.subList(at + h.pre.size(), image.size()));
            image = next;
            afterLast = at + h.post.size();
        }
        return null;
    }

    private static boolean matches(List<byte[]> image, List<byte[]> pre, int at) {
        if (at < 0 || at + pre.size() > image.size()) {
            return false;
        }
        for (int i = 0; i < pre.size(); i++) {
            if (!Arrays.equals(image.get(at + i), pre.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** A hunk's preimage and postimage lines (each with its line end, as in the file) and trailing context. */
    private record Hunk(List<byte[]> pre, List<byte[]> post, int trailing) {
        static Hunk of(HunkHeader hh) {
            byte[] buf = hh.getBuffer();
            List<byte[]> lines = lines(buf, hh.getStartOffset(), hh.getEndOffset());
            List<byte[]> pre = new ArrayList<>();
            List<byte[]> post = new ArrayList<>();
            int trailing = 0;
            char last = 0;
            for (int i = 1; i < lines.size(); i++) { // line 0 is "@@ -a,b +c,d @@"
                byte[] l = lines.get(i);
                char kind = l.length == 0 || l[0] == '\n' ? ' ' : (char) l[0];
                byte[] body = l.length == 0 || l[0] == '\n' ? l : Arrays.copyOfRange(l, 1, l.length);
                switch (kind) {
                case ' ' -> {
                    pre.add(body);
                    post.add(body);
                    trailing++;
                }
                case '-' -> {
                    pre.add(body);
                    trailing = 0;
                }
                case '+' -> {
                    post.add(body);
                    trailing = 0;
                }
                case '\\' -> {
                    // "\ No newline at end of file": the line before has no line end
                    if (last == ' ' || last == '-') {
                        pre.set(pre.size() - 1, chop(pre.get(pre.size() - 1)));
                    }
                    if (last == ' ' || last == '+') {
                        post.set(post.size() - 1, chop(post.get(post.size() - 1)));
                    }
                }
                default -> {
                    return new Hunk(pre, post, trailing);
                }
                }
                if (kind != '\\') {
                    last = kind;
                }
            }
            return new Hunk(pre, post, trailing);
        }
    }

    private static byte[] chop(byte[] line) {
        return line.length > 0 && line[line.length - 1] == '\n' ? Arrays.copyOf(line, line.length - 1) : line;
    }

    /** Lines of {@code buf[from, to)}, each with its {@code \n} (the last one may have none). */
    private static List<byte[]> lines(byte[] buf, int from, int to) {
        List<byte[]> out = new ArrayList<>();
        int start = from;
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                out.add(Arrays.copyOfRange(buf, start, i + 1));
                start = i + 1;
            }
        }
        if (start < to) {
            out.add(Arrays.copyOfRange(buf, start, to));
        }
        return out;
    }

    private static boolean exists(ObjectReader reader, RevTree tree, String path) throws IOException {
        try (TreeWalk w = TreeWalk.forPath(reader, path, tree)) {
            return w != null && !w.isSubtree();
        }
    }

    private static byte[] read(ObjectReader reader, RevTree tree, String path) throws IOException {
        try (TreeWalk w = TreeWalk.forPath(reader, path, tree)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            reader.open(w.getObjectId(0)).copyTo(out);
            return out.toByteArray();
        }
    }
}
