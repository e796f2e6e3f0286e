package dev.odooimage.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import dev.odooimage.image.ImageHandoff;
import dev.odooimage.image.LayerPlan;
import dev.odooimage.imageprep.ImageTarStamp;

/**
 * The Maven side of {@link ImageTarStamp}: gathers the Jib configuration, the base reference and
 * the versions, and sets {@code jib.skip=true} for this build when {@code target/jib-image.tar}
 * is already what Jib would write. Only {@code jib:buildTar} is ever skipped: when the build
 * asks for {@code deploy} or another Jib goal ({@code jib:build} pushes, and the registry may
 * lack the image), Jib always runs.
 */
final class JibTarSkip {

    static final String JIB = "com.google.cloud.tools:jib-maven-plugin";
    private static final String SKIP = "jib.skip";
    /** Context key: this build's prepare-image found jib-image.tar up to date. */
    private static final String DECIDED = "odoo.image.tarUpToDate";

    private final MavenProject project;
    private final MavenSession session;
    private final PluginDescriptor plugin;
    private final Log log;

    JibTarSkip(MavenProject project, MavenSession session, PluginDescriptor plugin, Log log) {
        this.project = project;
        this.session = session;
        this.plugin = plugin;
        this.log = log;
    }

    void decide(Path work, LayerPlan plan, boolean rebuild) {
        Plugin jib = project.getPlugin(JIB);
        if (jib == null || session.getUserProperties().containsKey(SKIP) || project.getProperties().containsKey(SKIP)) {
            return; // no Jib, or the user decides
        }
        String stamp = ImageTarStamp.compute(new ImageTarStamp.Inputs(work.resolve(ImageHandoff.FILE), plan,
                baseReference(jib), configuration(jib), pluginIdentity(), jib.getVersion()));
        Path tar = output(jib, "tar", "jib-image.tar");
        Path json = output(jib, "imageJson", "jib-image.json");
        Optional<String> upToDate = rebuild || !onlyBuildTar(session.getGoals()) ? Optional.empty()
                : ImageTarStamp.upToDate(work, stamp, tar, json);
        if (upToDate.isPresent()) {
            project.getProperties().setProperty(SKIP, "true");
            project.setContextValue(DECIDED, Boolean.TRUE);
            log.info("odoo: jib:buildTar skipped: " + upToDate.get() + " (-Dodoo.image.rebuild to force)");
        } else {
            ImageTarStamp.pending(work, stamp);
        }
    }

    /**
     * Whether {@code jib:buildTar} is not to run in this build: this class found the tarball up to
     * date (and said so), or {@code jib.skip} is set (said here), as Jib itself would read it.
     */
    static boolean skipped(MavenProject project, MavenSession session) {
        if (upToDate(project)) {
            return true;
        }
        String value = session.getUserProperties().getProperty(SKIP,
                session.getSystemProperties().getProperty(SKIP, project.getProperties().getProperty(SKIP)));
        if (value != null && (value.isEmpty() || Boolean.parseBoolean(value.trim()))) {
            return true;
        }
        return false;
    }

    /** This build's prepare-image found the tarball up to date. */
    static boolean upToDate(MavenProject project) {
        return Boolean.TRUE.equals(project.getContextValue(DECIDED));
    }

    /**
     * No {@code deploy} and no Jib goal but buildTar among the requested tasks: jib:build
     * (deploy) and jib:dockerBuild are never skipped, as their target may lack the image.
     */
    static boolean onlyBuildTar(java.util.List<String> goals) {
        for (String goal : goals) {
            if (goal.equals("deploy") || goal.contains("jib") && !goal.endsWith(":buildTar")) {
                return false;
            }
        }
        return true;
    }

    private String baseReference(Plugin jib) {
        String p = session.getUserProperties().getProperty("jib.from.image",
                project.getProperties().getProperty("jib.from.image"));
        if (p != null) {
            return p;
        }
        Xpp3Dom c = (Xpp3Dom) jib.getConfiguration();
        Xpp3Dom from = c == null ? null : c.getChild("from");
        Xpp3Dom image = from == null ? null : from.getChild("image");
        return image == null ? null : image.getValue();
    }

    /** The plugin's configuration (plugin level and executions) and the jib.* / image properties. */
    private String configuration(Plugin jib) {
        StringBuilder out = new StringBuilder().append(jib.getConfiguration());
        for (PluginExecution e : jib.getExecutions()) {
            out.append('\n').append(e.getId()).append(' ').append(e.getGoals()).append(' ').append(e.getConfiguration());
        }
        out.append('\n').append(jibProperties(project.getProperties())).append('\n')
                .append(jibProperties(session.getUserProperties()));
        return out.toString();
    }

    private static Map<String, String> jibProperties(Properties props) {
        Map<String, String> out = new TreeMap<>();
        for (String k : props.stringPropertyNames()) {
            if ((k.startsWith("jib.") && !k.equals(SKIP)) || k.equals("image")) {
                out.put(k, props.getProperty(k));
            }
        }
        return out;
    }

    private String pluginIdentity() {
        if (plugin == null) {
            return "unknown";
        }
        File jar = plugin.getPluginArtifact() == null ? null : plugin.getPluginArtifact().getFile();
        return plugin.getVersion() + " " + (jar == null ? "" : jar.length() + " " + jar.lastModified());
    }

    private Path output(Plugin jib, String key, String fallback) {
        Xpp3Dom c = (Xpp3Dom) jib.getConfiguration();
        Xpp3Dom paths = c == null ? null : c.getChild("outputPaths");
        Xpp3Dom v = paths == null ? null : paths.getChild(key);
        Path build = Path.of(project.getBuild().getDirectory());
        return v != null && v.getValue() != null ? build.resolve(v.getValue().trim()) : build.resolve(fallback);
    }
}
