package dev.odooimage.maven;

import org.apache.maven.plugins.annotations.Mojo;

import dev.odooimage.base.BaseFacts;
import dev.odooimage.base.BasePython;
import dev.odooimage.util.OdooImageException;

/**
 * Prints what the base image says about itself, read from its config and files (cached by
 * digest; offline once cached): platform, user, os-release, libc, every Python interpreter with
 * its version, SOABI and standard library, passwd and group entries. Then how the pom's
 * {@code odoo.python.*} values resolve against it ({@code auto} or explicit). Works outside a
 * project too: {@code mvn odoo:base-info -Dodoo.base.image=python:3.12-slim@sha256:...}.
 */
@Mojo(name = "base-info", requiresProject = false, threadSafe = true)
public class BaseInfoMojo extends AbstractBaseMojo {

    @Override
    protected void run() {
        BaseFacts facts = baseFacts();
        for (String line : facts.describe()) {
            getLog().info(line);
        }
        BasePython.Declared declared = declaredPython();
        BasePython.Resolved resolved;
        try {
            resolved = BasePython.resolve(facts, declared);
        } catch (OdooImageException e) {
            getLog().info("pom values: cannot resolve them against this base image (below)");
            throw e;
        }
        line(BasePython.VERSION, declared.version(), resolved.version());
        line(BasePython.INTERPRETER, declared.interpreter(), resolved.interpreter());
        line(BasePython.PLATFORM, declared.platform(), resolved.platform());
        line(BasePython.GLIBC, declared.glibc(), resolved.glibc());
    }

    private void line(String property, String declared, String resolved) {
        getLog().info(String.format("%-24s %s", property, BasePython.isAuto(declared)
                ? "auto -> " + resolved : declared.trim() + " (agrees with the base image)"));
    }
}
