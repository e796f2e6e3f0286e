package dev.odooimage.maven;

import java.util.List;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.repos.LockCheck;

/**
 * Fails the build when repos.yaml and repos.lock.yaml disagree (an aggregate, remote or
 * merge added, removed or changed, or a lock edited by hand), listing the differences and
 * the command that fixes them. Offline: reads the two files only.
 */
@Mojo(name = "check-lock", defaultPhase = LifecyclePhase.VALIDATE, requiresProject = true, threadSafe = true)
public class CheckLockMojo extends AbstractOdooMojo {

    /** Skip the check (emergencies only: the image may then be built from a stale lock). */
    @Parameter(property = "odoo.checkLock.skip", defaultValue = "false")
    private boolean skip;

    @Override
    protected void run() throws MojoFailureException {
        if (skip) {
            getLog().warn("odoo.checkLock.skip is set: repos.yaml and repos.lock.yaml are NOT compared.");
            return;
        }
        List<String> diff = LockCheck.check(reposFile.toPath(), lockFile.toPath());
        LockCheck.warnings(lockFile.toPath()).forEach(getLog()::warn);
        if (diff.isEmpty()) {
            getLog().info(lockFile.getName() + " agrees with " + reposFile.getName() + ".");
            return;
        }
        StringBuilder msg = new StringBuilder(reposFile.getName()).append(" and ").append(lockFile.getName())
                .append(" disagree (+ only in ").append(reposFile.getName()).append(", - only in the lock, ~ changed, "
                        + "! lock edited by hand):\n");
        diff.forEach(d -> msg.append("  ").append(d).append('\n'));
        msg.append("Fix: run ").append(fixCommand())
                .append(" (keeps every SHA that is still wanted), then review and commit ").append(lockFile.getName())
                .append('.');
        throw new MojoFailureException(msg.toString());
    }

    private String fixCommand() {
        StringBuilder cmd = new StringBuilder("mvn odoo:lock");
        if (!reposFile.getAbsoluteFile().equals(new java.io.File(basedir, "repos.yaml").getAbsoluteFile())) {
            cmd.append(" -Dodoo.repos.file=").append(reposFile);
        }
        if (!lockFile.getAbsoluteFile().equals(new java.io.File(basedir, "repos.lock.yaml").getAbsoluteFile())) {
            cmd.append(" -Dodoo.repos.lock=").append(lockFile);
        }
        return cmd.toString();
    }
}
