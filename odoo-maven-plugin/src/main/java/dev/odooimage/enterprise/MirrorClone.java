package dev.odooimage.enterprise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;

import dev.odooimage.repos.GitAccess;
import dev.odooimage.repos.LsRemote;
import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.UrlMask;

/**
 * A throw-away bare clone of one branch of the private mirror (no work tree: commits are built
 * from trees, so the mirror's {@code .gitignore} or attributes cannot alter what is imported),
 * and the non-forced push back. Reaches the mirror as odoo:lock does ({@link GitAccess}).
 * Closing it deletes the clone.
 */
final class MirrorClone implements AutoCloseable {
    private final String url;
    private final String branch;
    private final GitAccess access;
    private final Path dir;
    private final Git git;
    private final ObjectId cloned;

    private MirrorClone(String url, String branch, GitAccess access, Path dir, Git git, ObjectId cloned) {
        this.url = url;
        this.branch = branch;
        this.access = access;
        this.dir = dir;
        this.git = git;
        this.cloned = cloned;
    }

    /** Clones {@code branch} of {@code url} into {@code dir} (which must not exist); an absent branch is a new one. */
    static MirrorClone open(String url, String branch, GitAccess access, Path dir) {
        String tipName = new LsRemote(access, 1, 0).list(url).refs().get(Constants.R_HEADS + branch);
        Git git = null;
        try {
            git = Git.init().setBare(true).setGitDir(dir.toFile()).setInitialBranch(branch).call();
            ObjectId tip = null;
            if (tipName != null) {
                access.configure(git.fetch(), url).setRemote(url)
                        .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + branch + ":" + Constants.R_HEADS + branch))
                        .call();
                tip = git.getRepository().resolve(Constants.R_HEADS + branch);
            }
            return new MirrorClone(url, branch, access, dir, git, tip);
        } catch (GitAPIException | IOException | RuntimeException e) {
            if (git != null) {
                git.close();
            }
            deleteQuietly(dir);
            throw new OdooImageException("cannot clone branch " + branch + " of the Enterprise mirror " + UrlMask.mask(url)
                    + ": " + UrlMask.maskText(String.valueOf(e.getMessage())), e);
        }
    }

    Repository repository() {
        return git.getRepository();
    }

    /**
     * Writes new objects into one pack per flush: an import adds thousands of blobs, and loose
     * objects cost a file each (measured: most of a first import's time; docs/enterprise.md).
     */
    ObjectInserter newInserter() {
        return repository().getObjectDatabase() instanceof ObjectDirectory dir ? dir.newPackInserter()
                : repository().getObjectDatabase().newInserter();
    }

    /** The branch's commit when cloned, or null for a new branch. */
    ObjectId cloned() {
        return cloned;
    }

    String url() {
        return url;
    }

    String branch() {
        return branch;
    }

    /** The tree of {@code commit} (null: the empty tree). */
    ObjectId treeOf(ObjectId commit) throws IOException {
        if (commit == null) {
            return null;
        }
        try (RevWalk walk = new RevWalk(repository())) {
            return walk.parseCommit(commit).getTree();
        }
    }

    /** Top-level directories of {@code tree} that are Odoo modules (hold a manifest) -> their tree id. */
    SortedMap<String, ObjectId> modules(ObjectId tree) throws IOException {
        SortedMap<String, ObjectId> out = new TreeMap<>();
        if (tree == null) {
            return out;
        }
        try (TreeWalk walk = new TreeWalk(repository())) {
            walk.addTree(tree);
            walk.setRecursive(false);
            while (walk.next()) {
                if (walk.getFileMode(0) == FileMode.TREE && !walk.getNameString().startsWith(".")
                        && TreeWalk.forPath(repository(), walk.getNameString() + "/__manifest__.py", tree) != null) {
                    out.put(walk.getNameString(), walk.getObjectId(0));
                }
            }
        }
        return out;
    }

    /** The text of {@code path} in {@code tree}, or null. */
    String read(ObjectId tree, String path) throws IOException {
        if (tree == null) {
            return null;
        }
        try (TreeWalk walk = TreeWalk.forPath(repository(), path, tree)) {
            if (walk == null) {
                return null;
            }
            ObjectLoader loader = repository().open(walk.getObjectId(0));
            return new String(loader.getBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Points the local branch at {@code tip} (a descendant of the cloned commit). */
    void advance(ObjectId tip) throws IOException {
        RefUpdate ru = repository().updateRef(Constants.R_HEADS + branch);
        ru.setNewObjectId(tip);
        ru.setExpectedOldObjectId(cloned != null ? cloned : ObjectId.zeroId());
        RefUpdate.Result r = ru.update();
        if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FAST_FORWARD) {
            throw new IOException("cannot move the clone's branch " + branch + ": " + r);
        }
    }

    /**
     * Pushes the branch, never forced: when the mirror moved since the clone (someone pushed), it
     * is refused and nothing changes there. Returns the pushed commit.
     */
    ObjectId push(ObjectId tip) {
        String ref = Constants.R_HEADS + branch;
        try {
            PushCommand push = access.configure(git.push(), url).setRemote(url).setForce(false)
                    .setRefSpecs(new RefSpec(ref + ":" + ref));
            if (cloned != null) {
                push.setRefLeaseSpecs(new RefLeaseSpec(ref, cloned.name()));
            }
            for (PushResult result : push.call()) {
                for (RemoteRefUpdate u : result.getRemoteUpdates()) {
                    if (u.getStatus() != RemoteRefUpdate.Status.OK && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                        throw new OdooImageException(refused(u));
                    }
                }
            }
            return tip;
        } catch (GitAPIException e) {
            throw new OdooImageException("cannot push branch " + branch + " to the Enterprise mirror " + UrlMask.mask(url)
                    + ": " + UrlMask.maskText(String.valueOf(e.getMessage())) + ". Nothing was pushed.", e);
        }
    }

    private String refused(RemoteRefUpdate u) {
        String was = cloned != null ? cloned.name() : "absent";
        return switch (u.getStatus()) {
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> "the Enterprise mirror " + UrlMask.mask(url)
                    + " moved since it was cloned: branch " + branch + " was " + was + " and is now something else. Nothing"
                    + " was pushed (never forced). Run the import again: it starts from the mirror as it is now.";
            default -> "the Enterprise mirror " + UrlMask.mask(url) + " refused the push of branch " + branch + " ("
                    + u.getStatus() + (u.getMessage() != null ? ": " + u.getMessage() : "") + "). Nothing was pushed.";
        };
    }

    @Override
    public void close() {
        git.close();
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path p) {
        try {
            AtomicFiles.deleteRecursively(p);
        } catch (IOException ignored) {
            // a temp clone; the next run removes it before cloning
        }
    }
}
