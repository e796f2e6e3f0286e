package dev.odooimage.its.kit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates a client image repository from the real {@code odoo-image-archetype} through a real
 * Maven process ({@code archetype:generate}, non-interactive, {@code -DarchetypeCatalog=local}),
 * the archetype version being {@code its.project.version} (the build under test).
 */
public final class ArchetypeProject {

    /** Version of maven-archetype-plugin used when {@code its.archetype.version} is not set. */
    public static final String DEFAULT_ARCHETYPE_PLUGIN_VERSION = "3.3.1";

    private ArchetypeProject() {
    }

    /**
     * Runs {@code archetype:generate} in {@code parentDir} for {@code artifactId} (groupId
     * {@code com.example}, version {@code 1.0.0-SNAPSHOT} unless {@code props} says otherwise) with
     * the archetype properties {@code props} (e.g. odooVersion, imageName, registry) and returns the
     * generated project directory. The Maven log is {@code <parentDir>/<artifactId>-generate.log}.
     * Throws an AssertionError with the log tail when generation fails.
     */
    public static Path generate(Path parentDir, String artifactId, Map<String, String> props) {
        return generate(MavenRunner.fromSystemProperties(), parentDir, artifactId, props);
    }

    /** Same as {@link #generate(Path, String, Map)} with an explicit runner. */
    public static Path generate(MavenRunner maven, Path parentDir, String artifactId, Map<String, String> props) {
        Map<String, String> given = new LinkedHashMap<>(props);
        boolean keepPackages = "true".equals(given.remove(KEEP_PACKAGE_DEFAULTS));
        Path project = generateAsIs(maven, parentDir, artifactId, given);
        if (!keepPackages) {
            withoutPackageDefaults(project);
        }
        return project;
    }

    /**
     * Property for {@link #generate}: keep the archetype's active Debian package defaults
     * (system-runtime-packages.txt, system-build-packages.txt). Without it the kit comments them
     * out, so that a test about something else does not lock, download and layer Debian
     * packages (and need a builder for python-ldap, which the stand-in Odoo does not ask for).
     */
    public static final String KEEP_PACKAGE_DEFAULTS = "its.keepPackageDefaults";

    /** Comments out every active line of the generated system-*-packages.txt. */
    public static void withoutPackageDefaults(Path project) {
        for (String name : List.of("system-runtime-packages.txt", "system-build-packages.txt")) {
            Path f = project.resolve(name);
            try {
                if (Files.isRegularFile(f)) {
                    StringBuilder sb = new StringBuilder();
                    for (String line : Files.readAllLines(f)) {
                        boolean active = !line.isBlank() && !line.strip().startsWith("#");
                        sb.append(active ? "# (its) " + line : line).append('\n');
                    }
                    Files.writeString(f, sb.toString());
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static Path generateAsIs(MavenRunner maven, Path parentDir, String artifactId, Map<String, String> props) {
        String version = System.getProperty("its.project.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("system property its.project.version is not set (Failsafe sets it)");
        }
        String pluginVersion = System.getProperty("its.archetype.version", DEFAULT_ARCHETYPE_PLUGIN_VERSION);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("groupId", "com.example");
        all.put("version", "1.0.0-SNAPSHOT");
        all.put("odooPluginVersion", version);
        all.putAll(props);
        all.put("artifactId", artifactId);
        List<String> args = new ArrayList<>(List.of(
                "org.apache.maven.plugins:maven-archetype-plugin:" + pluginVersion + ":generate",
                "-DinteractiveMode=false",
                "-DarchetypeGroupId=dev.odooimage",
                "-DarchetypeArtifactId=odoo-image-archetype",
                "-DarchetypeVersion=" + version,
                "-DarchetypeCatalog=local"));
        all.forEach((k, v) -> args.add("-D" + k + "=" + v));
        Path project = parentDir.resolve(artifactId);
        if (Files.exists(project)) {
            throw new IllegalStateException("project directory exists already: " + project);
        }
        maven.run(parentDir, parentDir.resolve(artifactId + "-generate.log"), args).assertSuccess();
        if (!Files.isRegularFile(project.resolve("pom.xml"))) {
            throw new AssertionError("archetype:generate succeeded but wrote no " + project.resolve("pom.xml"));
        }
        return project;
    }
}
