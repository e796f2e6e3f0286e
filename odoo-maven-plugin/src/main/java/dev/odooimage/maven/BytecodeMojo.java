package dev.odooimage.maven;

import java.time.Duration;
import java.util.Arrays;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.bytecode.BaseImageSource;
import dev.odooimage.bytecode.BytecodeCompiler;

/**
 * Compiles the venv and the aggregated sources to {@code .pyc} with the base image's own
 * interpreter, in a throw-away container (podman or docker, no network, non-root), so that
 * the read-only image does not compile Odoo again at every start (bound to
 * {@code prepare-package}, before {@code prepare-image}). The .pyc land in
 * {@code target/odoo/bytecode}, one image layer per tree next to the tree's own layer. Trees
 * whose inputs did not change are not compiled again. Without a container engine: one warning
 * and an image without .pyc.
 */
@Mojo(name = "bytecode", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true)
public class BytecodeMojo extends AbstractBaseMojo {

    /** Build the image without .pyc (Python then compiles at every container start, in memory). */
    @Parameter(property = "odoo.bytecode.skip", defaultValue = "false")
    private boolean skip;

    /** Container engines to try, in order (comma separated); the first whose `info` works compiles. */
    @Parameter(property = "odoo.container.engine", defaultValue = "podman,docker")
    private String engine;

    /** Jib's setting: a plain-HTTP or self-signed registry may serve the base image. */
    @Parameter(property = "jib.allowInsecureRegistries", defaultValue = "false")
    private boolean allowInsecureRegistries;

    /** Minutes the compile container may take. */
    @Parameter(property = "odoo.bytecode.timeout", defaultValue = "30")
    private int timeout;

    @Override
    protected void run() {
        if (skip) {
            BytecodeCompiler.clear(workDirectory.toPath());
            getLog().info("odoo:bytecode skipped (odoo.bytecode.skip): the image gets no .pyc");
            return;
        }
        // Not baseReference(): an unset base only matters when something must be compiled.
        String reference = configuredBase();
        new BytecodeCompiler(workDirectory.toPath())
                .setEngines(Arrays.stream(engine.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .setBase(new BaseImageSource(reference, allowInsecureRegistries))
                .setTimeout(Duration.ofMinutes(timeout))
                .setLog(getLog()::info)
                .setWarn(getLog()::warn)
                .call();
    }
}
