package dev.odooimage.maven;

import javax.inject.Inject;

import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the image tarball with Jib ({@code jib:buildTar}: {@code target/jib-image.tar}, no
 * daemon), unless {@code odoo:prepare-image} found that the tarball is already what Jib would
 * write, or {@code jib.skip} is set. Bound at {@code package}, where the lifecycle used to bind
 * {@code jib:buildTar} itself: run from here, Maven loads Jib (and resolves its ~230
 * dependencies) only when Jib has work to do. {@code mvn jib:buildTar} still works as before.
 */
@Mojo(name = "image-tar", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class ImageTarMojo extends AbstractOdooMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private org.apache.maven.project.MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private org.apache.maven.execution.MavenSession session;

    private final BuildPluginManager plugins;

    @Inject
    public ImageTarMojo(BuildPluginManager plugins) {
        this.plugins = plugins;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        if (JibTarSkip.skipped(project, session)) {
            if (!JibTarSkip.upToDate(project)) {
                getLog().info("odoo: jib:" + JibBuildTar.GOAL + " skipped (jib.skip is set)");
            }
            return; // else prepare-image said why: the tarball is up to date
        }
        getLog().info("odoo: running jib:" + JibBuildTar.GOAL);
        JibBuildTar.run(project, session, plugins);
    }
}
