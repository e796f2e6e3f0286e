package dev.odooimage.enterprise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;

import dev.odooimage.repos.GitAccess;
import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.UrlMask;

/**
 * {@code odoo:enterprise-import}: an Odoo Enterprise source bundle into the private git mirror.
 * In order: the Community checkout must be fresh against the lock; every bundle entry is checked
 * before anything is written; modules are classified by name against Community (authoritative);
 * the Enterprise ones are compared with a throw-away clone of the mirror's branch; with
 * {@link #apply(boolean)} each module change is committed and pushed (never forced). The report
 * goes to {@code <workDirectory>/enterprise-import/}; a dry run writes that report and nothing else.
 * Configured like a JGit command: setters returning {@code this}, then {@link #call()}.
 */
public final class EnterpriseImport {
    public static final String REPORT_DIR = "enterprise-import";

    private Path bundle;
    private Path reposFile;
    private Path lockFile;
    private Path workDirectory;
    private String mirror;
    private String branch;
    private boolean apply;
    private GitAccess access = GitAccess.anonymous();
    private PersonIdent author;
    private Consumer<String> log = m -> { };
    private Runnable beforePush = () -> { };

    public EnterpriseImport bundle(Path file) {
        this.bundle = file;
        return this;
    }

    /** The project's repos.yaml and repos.lock.yaml, and its work directory (target/odoo). */
    public EnterpriseImport project(Path reposFile, Path lockFile, Path workDirectory) {
        this.reposFile = reposFile;
        this.lockFile = lockFile;
        this.workDirectory = workDirectory;
        return this;
    }

    /** The mirror: a path or URL that git can clone and push to. */
    public EnterpriseImport mirror(String url) {
        this.mirror = url;
        return this;
    }

    /** The mirror branch; null: the Community checkout's series (e.g. 17.0). */
    public EnterpriseImport branch(String name) {
        this.branch = name;
        return this;
    }

    public EnterpriseImport apply(boolean apply) {
        this.apply = apply;
        return this;
    }

    public EnterpriseImport access(GitAccess access) {
        this.access = access;
        return this;
    }

    /** Author and committer of the import commits; null: odoo-enterprise-import, dated now. */
    public EnterpriseImport author(PersonIdent author) {
        this.author = author;
        return this;
    }

    public EnterpriseImport log(Consumer<String> log) {
        this.log = log;
        return this;
    }

    /** Runs between the commits and the push (tests: a mirror that moves meanwhile). */
    EnterpriseImport beforePush(Runnable hook) {
        this.beforePush = hook;
        return this;
    }

    public ImportResult call() {
        if (bundle == null || mirror == null || mirror.isBlank()) {
            throw new OdooImageException(bundle == null
                    ? "no source bundle: pass -Dodoo.enterprise.bundle=PATH (the tar.gz or zip downloaded from Odoo)"
                    : "no Enterprise mirror: set <enterpriseMirror> in the pom (a path or URL of the private git"
                            + " repository) or pass -Dodoo.enterprise.mirror=URL");
        }
        if (UrlMask.hasSecret(mirror)) {
            throw new OdooImageException("the Enterprise mirror URL " + UrlMask.mask(mirror) + " embeds credentials, which"
                    + " would end up in the pom and in repos.yaml. Remove them from the URL and add a <server> with <id>"
                    + GitAccess.serverIdOf(mirror) + "</id> to ~/.m2/settings.xml (or use ssh) instead.");
        }
        Path reportDir = workDirectory.resolve(REPORT_DIR);
        try {
            // No report from an earlier run may outlive a failed one.
            Files.deleteIfExists(reportDir.resolve(ImportReport.JSON_FILE));
            Files.deleteIfExists(reportDir.resolve(ImportReport.TEXT_FILE));
            CommunityCheckout community = CommunityCheckout.locate(reposFile, lockFile, workDirectory);
            log.accept("Community: " + community.aggregate() + " at " + String.join(", ", community.commits()) + ", "
                    + community.modules().size() + " modules, fresh against " + lockFile.getFileName());
            Bundle b = BundleReader.read(bundle);
            log.accept("Bundle " + b.fileName() + ": " + b.format() + ", " + b.modules().size() + " modules in "
                    + (b.top().isEmpty() ? "" : b.top() + "/") + String.join(" + ", b.roots()) + ", sha256 "
                    + b.sha256());
            if (b.series() != null && community.series() != null && !b.series().equals(community.series())) {
                throw new OdooImageException("source bundle " + b.fileName() + " is Odoo " + b.series()
                        + " (its odoo/release.py) but the Community checkout " + community.aggregate() + " is "
                        + community.series() + ": classifying one against the other would import Community modules as"
                        + " Enterprise. Download the " + community.series() + " bundle, or lock Community on "
                        + b.series() + " first.");
            }
            String onBranch = branch != null && !branch.isBlank() ? branch.trim() : community.series();
            if (onBranch == null) {
                throw new OdooImageException("the mirror branch is unknown: the Community checkout has no odoo/release.py"
                        + " series; set <enterpriseBranch> (e.g. 17.0) in the pom");
            }
            Set<String> enterpriseNames = new HashSet<>(b.modules().keySet());
            enterpriseNames.removeAll(community.modules().keySet());
            Files.createDirectories(reportDir);
            Path clone = reportDir.resolve(".mirror-clone");
            AtomicFiles.deleteRecursively(clone);
            ImportResult result;
            try (MirrorClone m = MirrorClone.open(mirror, onBranch, access, clone);
                    ObjectInserter inserter = m.newInserter()) {
                SortedMap<String, ModuleTree> trees = BundleModules.read(b, enterpriseNames, inserter);
                Classification cl = Classification.of(trees, community);
                if (cl.enterprise().isEmpty()) {
                    throw new OdooImageException("source bundle " + b.fileName() + " holds no Enterprise module: all its "
                            + b.modules().size() + " modules are in the Community checkout " + community.aggregate()
                            + ". Is it a Community download? Nothing was imported (importing it would empty the mirror).");
                }
                SortedMap<String, ModuleTree> enterprise = new TreeMap<>();
                cl.enterprise().forEach(n -> enterprise.put(n, trees.get(n)));
                MirrorUpdate.Plan plan = MirrorUpdate.plan(m, b, enterprise, community, inserter);
                String before = m.cloned() != null ? m.cloned().name() : null;
                if (!apply || plan.isEmpty()) {
                    result = new ImportResult(b, community, cl, UrlMask.mask(mirror), onBranch, apply, plan.changes(),
                            plan.readme() != null, null, before, before);
                } else {
                    PersonIdent who = author != null ? author
                            : new PersonIdent("odoo-enterprise-import", "odoo-enterprise-import@localhost");
                    MirrorUpdate.Applied done = MirrorUpdate.apply(m, plan, b, enterprise, who, inserter);
                    m.advance(done.tip());
                    beforePush.run();
                    ObjectId pushed = m.push(done.tip());
                    result = new ImportResult(b, community, cl, UrlMask.mask(mirror), onBranch, true, done.changes(),
                            done.readmeCommit() != null, done.readmeCommit(), before, pushed.name());
                }
            }
            ImportReport.write(result, reportDir);
            return result;
        } catch (IOException e) {
            throw new OdooImageException("odoo:enterprise-import: " + UrlMask.maskText(String.valueOf(e.getMessage()))
                    + ". Check that " + workDirectory + " is writable and the disk is not full.", e);
        }
    }
}
