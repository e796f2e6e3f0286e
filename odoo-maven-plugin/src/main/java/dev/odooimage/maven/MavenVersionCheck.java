package dev.odooimage.maven;

import org.apache.maven.artifact.versioning.ComparableVersion;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * The plugin needs Maven 3.9. Its descriptor asks for less on purpose: an older Maven then runs
 * this check and reads one line naming the generated repository's wrapper, instead of Maven's
 * own refusal, which names no way out.
 */
final class MavenVersionCheck {
    static final String MINIMUM = "3.9.0";

    private MavenVersionCheck() {
    }

    static void require(String running) throws MojoExecutionException {
        if (running == null || running.isBlank() || running.startsWith("${")) {
            return; // unknown (embedded Maven): let it try
        }
        if (new ComparableVersion(running).compareTo(new ComparableVersion(MINIMUM)) < 0) {
            throw new MojoExecutionException("odoo-maven-plugin needs Maven " + MINIMUM + " or later, this is Maven "
                    + running + ": run ./mvnw (this repository's Maven wrapper) instead of mvn");
        }
    }
}
