package dev.odooimage.maven;

import java.io.File;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.util.OdooImageException;

/**
 * Parameters every goal shares. Subclasses translate their own parameters, call one
 * domain service and log; {@link #execute()} turns user errors into clean failures.
 */
public abstract class AbstractOdooMojo extends AbstractMojo {

    /** The client image repository (where repos.yaml and the locks live). */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    protected File basedir;

    /** Where the pipeline writes its intermediate files (sources, venv, addons_path, reports). */
    @Parameter(property = "odoo.workDirectory", defaultValue = "${project.build.directory}/odoo", required = true)
    protected File workDirectory;

    /** The operator's source intent, in git-aggregator format. */
    @Parameter(property = "odoo.reposFile", defaultValue = "${project.basedir}/repos.yaml", required = true)
    protected File reposFile;

    /** The generated, committed source lock. */
    @Parameter(property = "odoo.lockFile", defaultValue = "${project.basedir}/repos.lock.yaml", required = true)
    protected File lockFile;

    /** The running Maven's version: an older Maven than the plugin needs stops with one line naming ./mvnw. */
    @Parameter(defaultValue = "${maven.version}", readonly = true)
    private String runningMavenVersion;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        MavenVersionCheck.require(runningMavenVersion);
        try {
            run();
        } catch (OdooImageException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    protected abstract void run() throws MojoExecutionException, MojoFailureException;
}
