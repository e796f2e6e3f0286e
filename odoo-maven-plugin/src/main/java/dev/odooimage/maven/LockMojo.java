package dev.odooimage.maven;

import java.util.List;

import javax.inject.Inject;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import dev.odooimage.repos.GitAccess;
import dev.odooimage.repos.LockChange;
import dev.odooimage.repos.LockRepos;
import dev.odooimage.repos.LockResult;
import dev.odooimage.repos.LsRemote;
import dev.odooimage.repos.Refresh;

/**
 * Writes repos.lock.yaml from repos.yaml: every merge pinned to a commit SHA with a
 * {@code # locked-from:} comment. Conservative: SHAs already in the lock stay unless a
 * refresh covers them (narrowest first: {@code refreshMerge}, {@code refresh},
 * {@code refreshAll}) or their remote URL changed. https credentials come from the
 * settings.xml {@code <server>} whose id is the remote's host; ssh uses ~/.ssh.
 */
@Mojo(name = "lock", requiresProject = true, threadSafe = true)
public class LockMojo extends AbstractOdooMojo {

    /**
     * Move one merge only: {@code "<aggregate path> <remote> <ref>"} as written in repos.yaml,
     * e.g. {@code -Dodoo.repos.refreshMerge="./odoo nuobit 17.0-hotfix"}. Several: comma-separated
     * or a list in the pom.
     */
    @Parameter(property = "odoo.repos.refreshMerge")
    private List<String> refreshMerge;

    /**
     * Move every merge of these aggregate paths, e.g. {@code -Dodoo.repos.refresh=./odoo,./oca/web}.
     */
    @Parameter(property = "odoo.repos.refresh")
    private List<String> refresh;

    /** Move every merge of every aggregate to the current head of its ref. */
    @Parameter(property = "odoo.repos.refreshAll", defaultValue = "false")
    private boolean refreshAll;

    /** How many remotes are listed at once ({@code ls-remote} runs once per distinct URL). */
    @Parameter(property = "odoo.repos.lsRemoteThreads", defaultValue = "4")
    private int lsRemoteThreads;

    /** Attempts per remote before an unreachable URL fails the build (waits 1 s, 2 s, ... in between). */
    @Parameter(property = "odoo.repos.lsRemoteAttempts", defaultValue = "3")
    private int lsRemoteAttempts;

    /** Maven settings: https credentials come from the {@code <server>} whose id is the remote host. */
    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;

    @Parameter(defaultValue = "${session}", readonly = true)
    private org.apache.maven.execution.MavenSession session;

    private final SettingsDecrypter decrypter;

    @Inject
    public LockMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    @Override
    protected void run() {
        Refresh what = Refresh.of(refreshAll, refresh, refreshMerge, session.getUserProperties());
        GitAccess access = new GitAccess(MavenCredentials.of(settings, decrypter, getLog()).git(), java.nio.file.Path.of(System.getProperty("user.home")));
        LockResult result = new LockRepos(new LsRemote(access, Math.max(1, lsRemoteAttempts), 1000), lsRemoteThreads)
                .run(reposFile.toPath(), lockFile.toPath(), what);
        for (LockChange c : result.changes()) {
            getLog().info(c.toString());
        }
        getLog().info("Wrote " + basedir.toPath().relativize(lockFile.toPath().toAbsolutePath()) + ": "
                + result.totals() + ". Review and commit it.");
        result.lock().aggregates().stream().filter(a -> a.extra().containsKey("shell_command_after"))
                .forEach(a -> getLog().warn(a.path() + " has shell_command_after: kept in the lock for "
                        + "git-aggregator, but odoo:aggregate refuses to run it (and fails) unless the pom sets "
                        + "<allowShellCommands>true</allowShellCommands>."));
    }
}
