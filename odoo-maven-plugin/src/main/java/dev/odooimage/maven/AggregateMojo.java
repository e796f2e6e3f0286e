package dev.odooimage.maven;

import java.io.File;
import java.nio.file.Path;

import javax.inject.Inject;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import dev.odooimage.aggregate.AggregateLog;
import dev.odooimage.aggregate.AggregateOptions;
import dev.odooimage.aggregate.Aggregator;
import dev.odooimage.aggregate.GitCache;
import dev.odooimage.repos.GitAccess;
import dev.odooimage.repos.ReposConfig;
import dev.odooimage.repos.ReposLock;

/**
 * Materialises {@code target/odoo/src/<aggregate path>/} from repos.lock.yaml, once: each
 * aggregate's pinned commits are fetched (into a shared cache, shallow, only what is
 * missing), merged in lock order as git-aggregator does, and exported without
 * {@code .git}. {@code target/odoo/src.json} records the SHAs and a digest of each tree;
 * when it matches the lock and the disk, the goal does nothing. Never reads repos.yaml or
 * a moving ref.
 */
@Mojo(name = "aggregate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, requiresProject = true, threadSafe = true)
public class AggregateMojo extends AbstractOdooMojo {

    /**
     * The shared git object cache: one bare repository per remote URL, reused by every
     * build and project of the user. Default {@code ~/.cache/odoo-image-maven/git}
     * ({@code $XDG_CACHE_HOME/odoo-image-maven/git} when set).
     */
    @Parameter(property = "odoo.aggregate.gitCache")
    private File gitCache;

    /** Aggregates processed at once. 0 means min(4, CPU count). The output does not depend on it. */
    @Parameter(property = "odoo.aggregate.threads", defaultValue = "0")
    private int threads;

    /**
     * Run the {@code shell_command_after} commands of the lock. Off by default: they are
     * arbitrary shell code from the repos file; an aggregate that has some fails the build
     * until this is set in the pom.
     */
    @Parameter(property = "odoo.aggregate.allowShellCommands", defaultValue = "false")
    private boolean allowShellCommands;

    /**
     * History depth to fetch for multi-merge aggregates, overriding the lock's
     * {@code defaults.depth}; more is fetched automatically when a merge base lies deeper.
     * Single-merge aggregates always fetch the pinned commit alone.
     */
    @Parameter(property = "odoo.aggregate.depth")
    private Integer depth;

    /** Skip this goal (src/ is then whatever an earlier build left, checked by nothing). */
    @Parameter(property = "odoo.aggregate.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;

    @Parameter(defaultValue = "${project}", readonly = true)
    private org.apache.maven.project.MavenProject project;

    /** Context key (not a property) of the sha256 of src.json after this goal checked src/ in this build. */
    static final String VERIFIED_SRC_JSON = "odoo.aggregate.verifiedSrcJson";

    private final SettingsDecrypter decrypter;

    @Inject
    public AggregateMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    @Override
    protected void run() {
        if (skip) {
            getLog().warn("odoo.aggregate.skip is set: target/odoo/src is not checked against the lock.");
            return;
        }
        Path lock = lockFile.toPath();
        ReposConfig locked = ReposLock.read(lock);
        Path cache = gitCache != null ? gitCache.toPath() : GitCache.defaultRoot();
        AggregateOptions options = new AggregateOptions(workDirectory.toPath(), new GitCache(cache),
                threads > 0 ? threads : AggregateOptions.defaultThreads(), allowShellCommands,
                lock.toAbsolutePath().getParent(), depth,
                new GitAccess(MavenCredentials.of(settings, decrypter, getLog()).git(), Path.of(System.getProperty("user.home"))));
        new Aggregator(options, new AggregateLog() {
            @Override
            public void info(String message) {
                getLog().info(message);
            }

            @Override
            public void warn(String message) {
                getLog().warn(message);
            }

            @Override
            public void debug(String message) {
                getLog().debug(message);
            }
        }).run(locked);
        if (project != null) {
            // src/ now has the digests src.json records (verified or rebuilt): later goals of this
            // build may key their work by src.json's bytes (odoo:addons-path).
            project.setContextValue(VERIFIED_SRC_JSON,
                    dev.odooimage.util.Digests.sha256Hex(workDirectory.toPath().resolve("src.json")));
        }
    }
}
