package dev.odooimage.maven;

import java.util.Optional;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.base.BaseFacts;
import dev.odooimage.base.BaseReference;
import dev.odooimage.base.BaseImagePolicy;
import dev.odooimage.base.BasePython;
import dev.odooimage.base.ImageAccounts;

/**
 * Checks the base image early in the build. It must be pinned by digest (else the command that
 * pins it, {@code mvn odoo:pin-base}; with the opt-out, nothing more is checked); then its files are read (from the cache by digest, else the
 * registry) and the pom's {@code odoo.python.*} values are checked against them: {@code auto}
 * is resolved, an explicit value that disagrees with the image fails with both values. Checks the
 * pom's base image property, or Jib's {@code jib.from.image} when that is given on the command line.
 */
@Mojo(name = "check-base", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckBaseMojo extends AbstractBaseMojo {

    /** Build with a base image that is not pinned by digest (local experiments only, never a release). */
    @Parameter(property = "odoo.base.allowUnpinned", defaultValue = "false")
    private boolean allowUnpinnedBase;

    @Override
    protected void run() {
        BaseReference base = baseReference();
        Optional<String> warning = BaseImagePolicy.check(base.reference(), base.where(), allowUnpinnedBase);
        if (warning.isPresent()) {
            getLog().warn(warning.get());
            // Facts are cached by digest; an unpinned base has none to trust. The Python goals
            // still read what they need (a tag is resolved online).
            getLog().info("Base image facts not checked here: the base is not pinned");
            return;
        }
        getLog().info("Base image pinned: " + base.reference());
        BaseFacts facts = baseFacts();
        BasePython.Resolved python = BasePython.resolve(facts, declaredPython());
        getLog().info("Base image: " + facts.osRelease().prettyName() + ", " + facts.config().os() + "/"
                + facts.config().architecture() + ", glibc " + python.glibc() + ", python " + python.version() + " at "
                + python.interpreter());
        String user = property("odoo.image.user");
        long uid = parseUid(user == null ? "1000:1000" : user);
        Optional<ImageAccounts.User> account = uid < 0 ? Optional.empty() : facts.accounts().user(uid);
        if (uid >= 0) {
            getLog().info("Runtime uid " + uid + (account.isPresent() ? " is '" + account.get().name()
                    + "' in the base image's /etc/passwd" : " has no /etc/passwd entry in the base image"
                    + " (the image sets USER, LOGNAME and HOME for it)"));
        }
    }

    private static long parseUid(String user) {
        try {
            return Long.parseLong(user.split(":")[0].trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
