package dev.odooimage.maven;

import org.apache.maven.plugins.annotations.Mojo;

import dev.odooimage.python.PythonLocker;

/**
 * Resolves the Python inputs (Odoo's requirements.txt, requirements.in, constraints, overrides)
 * for the image's interpreter with a private pinned pip and writes requirements.lock.txt: the
 * exact, hash-pinned install set. Needs the aggregated sources (target/odoo/src); in a fresh
 * checkout run {@code mvn generate-resources -Dodoo.python.refresh} instead.
 */
@Mojo(name = "python-lock", requiresProject = true, threadSafe = true)
public class PythonLockMojo extends AbstractPythonMojo {

    @java.lang.Override
    protected void run() {
        PythonLocker.Outcome out = new PythonLocker(settings(), getLog()::info).setCompiled(compiledWheels()).lock(project(), getLog()::warn);
        getLog().info("Inputs: " + project().report() + "; lock: " + pythonLockFile + " (" + out.lock().entries()
                .size() + " packages)");
    }
}
