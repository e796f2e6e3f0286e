package dev.odooimage.aggregate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.Patch;
import org.eclipse.jgit.patch.PatchApplier;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import dev.odooimage.util.OdooImageException;

/**
 * Applies {@code git format-patch} mailboxes the way {@code git am} does: one commit per
 * message, in order, failing on the first patch that does not apply. A patch applies
 * exactly when {@code git apply --check} says it does ({@link GitApplyCheck}), never
 * fuzzily. Works in-core on the work repository (no working tree).
 */
final class PatchSeries {
    private static final Pattern MBOX_FROM = Pattern.compile("(?m)^From [0-9a-f]{40} ");
    private static final Pattern SUBJECT = Pattern.compile("(?m)^Subject: (.*)$");

    private PatchSeries() {
    }

    static ObjectId apply(Repository repo, ObjectId head, List<Path> files, String aggregate) throws IOException {
        ObjectId current = head;
        try (ObjectInserter ins = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
            for (Path file : files) {
                List<String> messages = split(Files.readString(file, StandardCharsets.UTF_8));
                for (int n = 0; n < messages.size(); n++) {
                    String message = messages.get(n);
                    RevCommit c = walk.parseCommit(current);
                    Patch patch = new Patch();
                    patch.parse(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
                    if (!patch.getErrors().isEmpty() || patch.getFiles().isEmpty()) {
                        throw failed(aggregate, file, n, messages.size(), patch.getErrors().isEmpty()
                                ? "no diff in it" : patch.getErrors().get(0).getMessage());
                    }
                    String refused = GitApplyCheck.check(walk.getObjectReader(), c.getTree(), patch);
                    if (refused != null) {
                        throw failed(aggregate, file, n, messages.size(), refused);
                    }
                    PatchApplier.Result r = new PatchApplier(repo, c.getTree(), ins).applyPatch(patch);
                    if (!r.getErrors().isEmpty()) {
                        throw failed(aggregate, file, n, messages.size(), r.getErrors().get(0).toString());
                    }
                    CommitBuilder cb = new CommitBuilder();
                    cb.setTreeId(r.getTreeId());
                    cb.setParentId(current);
                    cb.setAuthor(MergeSequence.IDENT);
                    cb.setCommitter(MergeSequence.IDENT);
                    Matcher m = SUBJECT.matcher(message);
                    cb.setMessage((m.find() ? m.group(1) : file.getFileName().toString()) + "\n");
                    current = ins.insert(cb);
                    ins.flush();
                }
            }
        }
        return current;
    }

    private static OdooImageException failed(String aggregate, Path file, int n, int total, String why) {
        return new OdooImageException("aggregate " + aggregate + ": patch " + file.getFileName()
                + (total > 1 ? " (message " + (n + 1) + " of " + total + ")" : "") + " does not apply: " + why
                + ". Rebase the patch on the locked commits or remove it from 'patches'.");
    }

    /** Splits an mbox into its messages; a plain diff is one message. */
    static List<String> split(String mbox) {
        List<String> out = new ArrayList<>();
        Matcher m = MBOX_FROM.matcher(mbox);
        List<Integer> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
        }
        if (starts.isEmpty()) {
            out.add(mbox);
            return out;
        }
        for (int i = 0; i < starts.size(); i++) {
            out.add(mbox.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : mbox.length()));
        }
        return out;
    }
}
