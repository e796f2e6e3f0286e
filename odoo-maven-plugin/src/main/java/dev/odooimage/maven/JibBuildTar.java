package dev.odooimage.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.configuration.PlexusConfiguration;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Runs {@code jib:buildTar} from inside the build, as the lifecycle would have run it: the
 * pom's jib-maven-plugin (its version, dependencies, i.e. our Jib extension, and configuration,
 * merged with an execution {@code default-buildTar} when the pom declares one), and Maven's own
 * plugin manager, so Jib runs exactly as {@code mvn jib:buildTar} runs it. Why not bind Jib in
 * the lifecycle: Maven resolves a bound plugin's ~230 dependencies before the mojo can read
 * {@code jib.skip}, 0.3-0.9 s that a no-op build paid for nothing (docs/performance.md).
 */
final class JibBuildTar {
    static final String GOAL = "buildTar";
    private static final String EXECUTION = "default-buildTar";

    private JibBuildTar() {
    }

    static void run(MavenProject project, MavenSession session, BuildPluginManager plugins)
            throws MojoExecutionException, MojoFailureException {
        Plugin jib = project.getPlugin(JibTarSkip.JIB);
        if (jib == null) {
            jib = new Plugin();
            jib.setGroupId("com.google.cloud.tools");
            jib.setArtifactId("jib-maven-plugin");
            jib.setVersion(builtWithVersion());
        }
        MojoDescriptor mojo;
        try {
            PluginDescriptor descriptor = plugins.loadPlugin(jib, project.getRemotePluginRepositories(),
                    session.getRepositorySession());
            mojo = descriptor.getMojo(GOAL);
        } catch (Exception e) { // resolution and descriptor failures: Maven's message names the artifact
            throw new MojoExecutionException("cannot load " + jib.getId() + ": " + e.getMessage(), e);
        }
        if (mojo == null) {
            throw new MojoExecutionException(jib.getId() + " has no goal " + GOAL);
        }
        MojoExecution execution = new MojoExecution(mojo, EXECUTION, MojoExecution.Source.LIFECYCLE);
        execution.setLifecyclePhase("package");
        execution.setConfiguration(configuration(mojo, declared(jib)));
        try {
            plugins.executeMojo(session, execution);
        } catch (MojoFailureException | MojoExecutionException e) {
            throw e;
        } catch (Exception e) { // PluginConfigurationException, PluginManagerException, ...
            throw new MojoExecutionException(jib.getId() + ":" + GOAL + " failed: " + e.getMessage(), e);
        }
    }

    /** The pom's configuration of the plugin, with its {@code default-buildTar} execution's on top. */
    static Xpp3Dom declared(Plugin jib) {
        Xpp3Dom plugin = (Xpp3Dom) jib.getConfiguration();
        Xpp3Dom out = plugin == null ? new Xpp3Dom("configuration") : new Xpp3Dom(plugin);
        for (PluginExecution execution : jib.getExecutions()) { // not getExecutionsAsMap(): it caches
            if (EXECUTION.equals(execution.getId()) && execution.getConfiguration() != null) {
                out = Xpp3Dom.mergeXpp3Dom(new Xpp3Dom((Xpp3Dom) execution.getConfiguration()), out);
            }
        }
        return out;
    }

    /**
     * What Maven's lifecycle gives a mojo: each of the goal's parameters, as configured, over its
     * default value or property expression from the plugin descriptor; nothing else.
     */
    static Xpp3Dom configuration(MojoDescriptor mojo, Xpp3Dom declared) {
        Xpp3Dom defaults = defaults(mojo);
        Xpp3Dom out = new Xpp3Dom("configuration");
        if (mojo.getParameters() == null) {
            return out;
        }
        for (Parameter p : mojo.getParameters()) {
            Xpp3Dom value = declared.getChild(p.getName());
            if (value == null && p.getAlias() != null) {
                value = declared.getChild(p.getAlias());
            }
            Xpp3Dom fallback = defaults.getChild(p.getName());
            if (value != null) {
                value = new Xpp3Dom(value, p.getName());
                if (value.getAttribute("implementation") == null && p.getImplementation() != null
                        && !p.getImplementation().isEmpty()) {
                    value.setAttribute("implementation", p.getImplementation());
                }
                value = Xpp3Dom.mergeXpp3Dom(value, fallback, Boolean.TRUE);
            } else {
                value = fallback;
            }
            if (value != null) {
                out.addChild(value);
            }
        }
        return out;
    }

    private static Xpp3Dom defaults(MojoDescriptor mojo) {
        Xpp3Dom out = new Xpp3Dom("configuration");
        PlexusConfiguration c = mojo.getMojoConfiguration();
        for (PlexusConfiguration child : c == null ? new PlexusConfiguration[0] : c.getChildren()) {
            String value = child.getValue(null);
            String defaultValue = child.getAttribute("default-value", null);
            if (value != null || defaultValue != null) {
                Xpp3Dom e = new Xpp3Dom(child.getName());
                e.setValue(value);
                if (defaultValue != null) {
                    e.setAttribute("default-value", defaultValue);
                }
                out.addChild(e);
            }
        }
        return out;
    }

    private static String builtWithVersion() {
        try (InputStream in = JibBuildTar.class.getResourceAsStream("jib.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
