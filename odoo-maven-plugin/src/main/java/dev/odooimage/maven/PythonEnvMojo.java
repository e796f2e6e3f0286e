package dev.odooimage.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.python.NormalisedInputs;
import dev.odooimage.python.PythonEnvBuilder;
import dev.odooimage.python.PythonInputs;
import dev.odooimage.python.PythonLocker;

/**
 * Builds target/odoo/venv for the image's interpreter from requirements.lock.txt: exactly the
 * locked artifacts, hash-checked, from the user wheel cache (offline once warm). Fails when the
 * lock is empty or no longer matches the inputs, unless a refresh is asked for.
 */
@Mojo(name = "python-env", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, requiresProject = true,
        threadSafe = true)
public class PythonEnvMojo extends AbstractPythonMojo {

    /** Re-resolve requirements.lock.txt before installing (review and commit the result). */
    @Parameter(property = "odoo.python.refresh", defaultValue = "false")
    protected boolean refresh;

    /** Skip this goal. */
    @Parameter(property = "odoo.pythonEnv.skip", defaultValue = "false")
    protected boolean skip;

    @java.lang.Override
    protected void run() {
        if (skip) {
            getLog().info("odoo.pythonEnv.skip: Python venv not built");
            return;
        }
        NormalisedInputs inputs;
        if (refresh) {
            inputs = new PythonLocker(settings(), getLog()::info).setCompiled(compiledWheels()).lock(project(), getLog()::warn).inputs();
        } else {
            inputs = PythonInputs.prepare(project(), target(), getLog()::warn);
        }
        new PythonEnvBuilder(settings(), getLog()::info, getLog()::warn).setCompiled(compiledWheels()).build(project(), inputs);
    }
}
