package dev.odooimage.its.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Real bare git repositories standing in for the sources a client locks, made with JGit in a
 * directory of the caller's choice. Each repository lives in {@code <root>/<name>.git}; its URL is
 * {@link #fileUrl(String)} or, through {@link GitDaemon}, {@code git://127.0.0.1:port/<name>.git}.
 *
 * <p>Commits are written straight into the bare repositories (no work tree). Author and committer
 * are fixed and each commit is dated one minute after its parent (first commit: 2024-01-01T00:00Z),
 * so the same sequence of calls yields the same SHAs on every run. A file is committed executable
 * when it is {@code odoo-bin} or starts with {@code #!}; a {@code null} content deletes the path.
 *
 * <p>{@link #create(Path)} makes the three standard repositories:
 * <ul>
 * <li>{@value #ODOO}: laid out like Odoo Community ({@code odoo-bin}, {@code odoo/} package with
 * {@code odoo/addons/base}, top-level {@code addons/web}, {@code requirements.txt} with environment
 * markers); the fixture "odoo" command line from {@code src/main/resources/fixture-odoo}. Branches
 * {@code 17.0} (default) and {@code 17.0-hotfix} (one extra commit), tags {@code v17.0-base}
 * (lightweight) and {@code 17.0-release} (annotated, on the branch head).</li>
 * <li>{@value #OCA_TOOLS}: OCA-like, addons at the root: {@code tools_base} (depends base),
 * {@code tools_web} (depends web, tools_base), {@code tools_report} (depends tools_base, python
 * external dependency {@code unidecode}); {@code requirements.txt} listing {@code unidecode}.</li>
 * <li>{@value #CUSTOMER_ADDON}: the repository root is the addon {@code customer_addon}
 * (depends web, tools_base).</li>
 * </ul>
 */
public final class GitFixtures {

    public static final String ODOO = "odoo";
    public static final String OCA_TOOLS = "oca-tools";
    public static final String CUSTOMER_ADDON = "customer-addon";
    public static final String DEFAULT_SERIES = "17.0";

    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    private static final PersonIdent FIXTURE = new PersonIdent("Fixture Bot", "fixture@odooimage.dev");

    private final Path root;
    private final String series;

    /** Fixtures under {@code root} (created if missing) for Odoo series {@code series}. */
    public GitFixtures(Path root, String series) {
        this.root = root.toAbsolutePath();
        this.series = series;
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the three standard repositories for series 17.0 under {@code root}. */
    public static GitFixtures create(Path root) {
        return create(root, DEFAULT_SERIES);
    }

    /** Creates the three standard repositories for {@code series} under {@code root}. */
    public static GitFixtures create(Path root, String series) {
        GitFixtures f = new GitFixtures(root, series);
        f.odooRepo(ODOO);
        f.addonRepo(OCA_TOOLS, Addon.of("tools_base", "base"), Addon.of("tools_web", "web", "tools_base"),
                Addon.of("tools_report", "tools_base").withPython("unidecode"));
        f.commit(OCA_TOOLS, series, Map.of("requirements.txt", "# generated from manifests external_dependencies\nunidecode\n",
                "README.md", "# oca-tools\n\nOCA-like fixture repository.\n"), "[ADD] requirements.txt");
        f.singleAddonRepo(CUSTOMER_ADDON, Addon.of("customer_addon", "web", "tools_base"));
        return f;
    }

    public Path root() {
        return root;
    }

    public String series() {
        return series;
    }

    /** The bare repository directory of {@code name}. */
    public Path repoDir(String name) {
        return root.resolve(name + ".git");
    }

    /** {@code file://} URL of repository {@code name}. */
    public String fileUrl(String name) {
        return repoDir(name).toUri().toString().replaceAll("/$", "");
    }

    /** Creates the Odoo-like repository {@code name} (branches, tags as described above). */
    /**
     * One aggregate of a repos.yaml: {@code path} from the fixture repository {@code name} under the
     * remote name {@code remote}, merged and targeted at this series' branch.
     */
    public String aggregateYaml(String path, String remote, String name) {
        return path + ":\n  remotes:\n    " + remote + ": " + fileUrl(name) + "\n  merges:\n    - " + remote + " " + series
                + "\n  target: " + remote + " " + series + "\n";
    }

    public String odooRepo(String name) {
        init(name);
        commit(name, series, odooFiles(), "[INIT] Odoo " + series + " fixture");
        tag(name, "v" + series + "-base", series, null);
        commit(name, series, Map.of("odoo/addons/base/data/base_data.sql", "-- fixture data " + series + "\n"),
                "[FIX] base: second commit on " + series);
        tag(name, series + "-release", series, "Release " + series + " of the fixture");
        branch(name, series + "-hotfix", series);
        commit(name, series + "-hotfix", Map.of("addons/web/HOTFIX", "hotfix\n"), "[FIX] web: hotfix");
        return fileUrl(name);
    }

    /** Creates repository {@code name} with {@code addons} at its root, on the series branch. */
    public String addonRepo(String name, Addon... addons) {
        init(name);
        Map<String, String> files = new LinkedHashMap<>();
        for (Addon a : addons) {
            files.putAll(a.files(a.name(), series));
        }
        files.put("README.md", "# " + name + "\n");
        commit(name, series, files, "[INIT] " + name);
        return fileUrl(name);
    }

    /** Creates repository {@code name} whose root is {@code addon}, on the series branch. */
    public String singleAddonRepo(String name, Addon addon) {
        init(name);
        commit(name, series, addon.files("", series), "[INIT] " + addon.name());
        return fileUrl(name);
    }

    /** Creates an empty bare repository {@code name} whose HEAD points at the series branch. */
    public Path init(String name) {
        Path dir = repoDir(name);
        if (Files.exists(dir)) {
            throw new IllegalStateException("fixture repository exists already: " + dir);
        }
        try (Git git = Git.init().setBare(true).setGitDir(dir.toFile()).setInitialBranch(series).call()) {
            return dir;
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create " + dir, e);
        }
    }

    /**
     * Commits {@code files} (path to content; null deletes) on top of {@code branch} of repository
     * {@code name} (created when missing) and returns the new commit SHA.
     */
    public String commit(String name, String branch, Map<String, String> files, String message) {
        try (Repository repo = open(name); ObjectInserter ins = repo.newObjectInserter();
                ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            ObjectId parentId = repo.resolve(Constants.R_HEADS + branch);
            RevCommit parent = parentId == null ? null : walk.parseCommit(parentId);
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            if (parent != null) {
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parent.getTree());
            }
            builder.finish();
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, String> e : files.entrySet()) {
                String path = e.getKey();
                if (e.getValue() == null) {
                    editor.add(new DirCacheEditor.DeletePath(path));
                    continue;
                }
                byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
                ObjectId blob = ins.insert(Constants.OBJ_BLOB, data);
                FileMode mode = isExecutable(path, e.getValue()) ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
                editor.add(new DirCacheEditor.PathEdit(path) {
                    @Override
                    public void apply(DirCacheEntry ent) {
                        ent.setFileMode(mode);
                        ent.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(index.writeTree(ins));
            if (parent != null) {
                cb.setParentId(parent);
            }
            PersonIdent who = ident(parent == null ? EPOCH : Instant.ofEpochSecond(parent.getCommitTime() + 60L));
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage(message.endsWith("\n") ? message : message + "\n");
            ObjectId id = ins.insert(cb);
            ins.flush();
            RefUpdate ru = repo.updateRef(Constants.R_HEADS + branch);
            ru.setNewObjectId(id);
            ru.setExpectedOldObjectId(parentId == null ? ObjectId.zeroId() : parentId);
            ru.setRefLogMessage("commit: " + message, false);
            check(ru.update(), ru, name);
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit to " + name, e);
        }
    }

    /**
     * Adds one commit on {@code branch} of {@code name} that only rewrites {@code FIXTURE_HISTORY}
     * (with the previous head SHA, so every call changes the tree); returns the new SHA. For lock
     * refresh tests: "the branch moved".
     */
    public String extraCommit(String name, String branch, String message) {
        String previous = head(name, branch);
        return commit(name, branch, Map.of("FIXTURE_HISTORY", "after " + previous + "\n"), message);
    }

    /** The commit SHA at the head of {@code branch} of {@code name}. */
    public String head(String name, String branch) {
        try (Repository repo = open(name)) {
            ObjectId id = repo.resolve(Constants.R_HEADS + branch);
            if (id == null) {
                throw new IllegalArgumentException("no branch " + branch + " in " + name);
            }
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Tags {@code ref} (branch, tag or SHA) of {@code name} as {@code tag}; annotated when
     * {@code message} is not null. Returns the SHA the tag ref points at (the tag object for an
     * annotated tag, the commit otherwise).
     */
    public String tag(String name, String tag, String ref, String message) {
        try (Repository repo = open(name); ObjectInserter ins = repo.newObjectInserter();
                RevWalk walk = new RevWalk(repo)) {
            ObjectId target = resolve(repo, name, ref);
            ObjectId refTarget = target;
            if (message != null) {
                RevCommit commit = walk.parseCommit(target);
                TagBuilder tb = new TagBuilder();
                tb.setTag(tag);
                tb.setObjectId(commit);
                tb.setTagger(ident(Instant.ofEpochSecond(commit.getCommitTime() + 30L)));
                tb.setMessage(message.endsWith("\n") ? message : message + "\n");
                refTarget = ins.insert(tb);
                ins.flush();
            }
            RefUpdate ru = repo.updateRef(Constants.R_TAGS + tag);
            ru.setNewObjectId(refTarget);
            ru.setExpectedOldObjectId(ObjectId.zeroId());
            check(ru.update(), ru, name);
            return refTarget.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates branch {@code branch} of {@code name} at {@code from}; returns its SHA. */
    public String branch(String name, String branch, String from) {
        try (Repository repo = open(name); RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(resolve(repo, name, from));
            RefUpdate ru = repo.updateRef(Constants.R_HEADS + branch);
            ru.setNewObjectId(commit);
            ru.setExpectedOldObjectId(ObjectId.zeroId());
            check(ru.update(), ru, name);
            return commit.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resolves {@code ref} of {@code name} to the commit it designates (tags peeled). */
    public String resolveCommit(String name, String ref) {
        try (Repository repo = open(name); RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(resolve(repo, name, ref)).name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files of the Odoo-like repository, from the fixture-odoo resources, for this series. */
    public Map<String, String> odooFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String path : resourceLines("/fixture-odoo/FILES")) {
            files.put(path, resource("/fixture-odoo/" + path).replace("@SERIES@", series));
        }
        return files;
    }

    private Repository open(String name) throws IOException {
        Path dir = repoDir(name);
        if (!Files.isDirectory(dir)) {
            init(name);
        }
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true).build();
    }

    private static ObjectId resolve(Repository repo, String name, String ref) throws IOException {
        for (String candidate : List.of(Constants.R_HEADS + ref, Constants.R_TAGS + ref, ref)) {
            ObjectId id = repo.resolve(candidate);
            if (id != null) {
                try (RevWalk walk = new RevWalk(repo)) {
                    RevObject o = walk.peel(walk.parseAny(id));
                    return o.getId();
                }
            }
        }
        throw new IllegalArgumentException("no ref " + ref + " in fixture repository " + name);
    }

    private static PersonIdent ident(Instant when) {
        return new PersonIdent(FIXTURE.getName(), FIXTURE.getEmailAddress(), when, java.time.ZoneOffset.UTC);
    }

    private static boolean isExecutable(String path, String content) {
        return path.equals("odoo-bin") || path.endsWith("/odoo-bin") || content.startsWith("#!");
    }

    private static void check(RefUpdate.Result r, RefUpdate ru, String name) {
        switch (r) {
            case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> {
            }
            default -> throw new IllegalStateException("cannot update " + ru.getName() + " in " + name + ": " + r);
        }
    }

    static List<String> resourceLines(String resource) {
        List<String> lines = new ArrayList<>();
        for (String l : resource(resource).split("\n")) {
            String t = l.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                lines.add(t);
            }
        }
        return lines;
    }

    static String resource(String resource) {
        try (InputStream in = GitFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing kit resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
