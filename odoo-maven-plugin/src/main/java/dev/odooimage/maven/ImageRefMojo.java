package dev.odooimage.maven;

import java.io.File;
import java.nio.file.Files;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.deploy.ImageRefFiles;
import dev.odooimage.imageprep.ImageTarStamp;

/**
 * Records the image Jib just built, by digest, where deployments pick it up:
 * {@code target/odoo/image.env} ({@code IMAGE=registry/name:tag@sha256:...}, for compose and
 * scripts) and {@code target/odoo/kustomize/kustomization.yaml} (a kustomize Component whose
 * {@code images:} entry the {@code deploy/kubernetes} overlays include). Bound after Jib in
 * {@code package} and {@code deploy}.
 */
@Mojo(name = "image-ref", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class ImageRefMojo extends AbstractOdooMojo {

    /** Jib's record of the build it just did (its {@code outputPaths.imageJson}). */
    @Parameter(property = "odoo.image.json", defaultValue = "${project.build.directory}/jib-image.json", required = true)
    private File imageJson;

    /** The tarball {@code jib:buildTar} writes (its {@code outputPaths.tar}); its stamp is recorded here. */
    @Parameter(property = "odoo.image.tar", defaultValue = "${project.build.directory}/jib-image.tar", required = true)
    private File imageTar;

    /** Skips this goal. */
    @Parameter(property = "odoo.imageRef.skip", defaultValue = "false")
    private boolean skip;

    @Override
    protected void run() {
        if (skip) {
            getLog().info("odoo: image-ref skipped");
            return;
        }
        if (!Files.isRegularFile(imageJson.toPath())) {
            getLog().warn("odoo: " + imageJson + " is missing (Jib skipped?): " + ImageRefFiles.ENV_FILE
                    + " not written");
            return;
        }
        ImageRefFiles.BuiltImage image = ImageRefFiles.read(imageJson.toPath());
        ImageRefFiles.write(image, workDirectory.toPath());
        if (ImageTarStamp.record(workDirectory.toPath(), imageTar.toPath(), imageJson.toPath())) {
            getLog().info("odoo: recorded the inputs of " + imageTar.getName() + " (an unchanged next package skips jib:buildTar)");
        }
        getLog().info("odoo: image " + image.reference() + " -> " + new File(workDirectory, ImageRefFiles.ENV_FILE)
                + ", " + new File(workDirectory, ImageRefFiles.KUSTOMIZE_DIR + "/kustomization.yaml"));
    }
}
