package dev.odooimage.maven;

import java.io.File;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

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
    @Parameter(property = "odoo.repos.file", defaultValue = "${project.basedir}/repos.yaml", required = true)
    protected File reposFile;

    /** The generated, committed source lock. */
    @Parameter(property = "odoo.repos.lock", defaultValue = "${project.basedir}/repos.lock.yaml", required = true)
    protected File lockFile;

    /** The running Maven's version: an older Maven than the plugin needs stops with one line naming ./mvnw. */
    @Parameter(defaultValue = "${maven.version}", readonly = true)
    private String runningMavenVersion;

    /** The build, read only for property names renamed since the first release. */
    @Parameter(defaultValue = "${session}", readonly = true)
    private MavenSession buildSession;

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject buildProject;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        MavenVersionCheck.require(runningMavenVersion);
        if (buildSession != null && buildProject != null) {
            String renamed = RenamedProperties.message(buildSession.getUserProperties(), buildProject.getProperties());
            if (renamed != null) {
                throw new MojoFailureException(renamed);
            }
        }
        try {
            run();
        } catch (OdooImageException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    protected abstract void run() throws MojoExecutionException, MojoFailureException;
}
