package dev.odooimage.image;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import dev.odooimage.base.BaseReference;

/**
 * Jib's {@code <from>} as the project configures jib-maven-plugin, read the way Jib reads it
 * (a {@code jib.from.*} property, from the command line first, wins over the configuration):
 * the base image and the credentials configured for it. One reader for the goals and the Jib
 * extension; only Maven model types, which Jib's class loader has.
 *
 * @param image          {@code <from><image>} with today's property values, or null
 * @param imageProperty  the property {@code <from><image>} consists of ({@code ${odoo.base.image}}), or null
 * @param authUsername   {@code jib.from.auth.username} / {@code <from><auth><username>}, or null
 * @param authPassword   {@code jib.from.auth.password} / {@code <from><auth><password>}, or null
 * @param credHelper     {@code jib.from.credHelper} / {@code <from><credHelper>} (its {@code <helper>}), or null
 */
public record JibFrom(String commandLineImage, String projectImage, String image, String imageProperty,
        String authUsername, String authPassword, String credHelper) {
    public static final String PLUGIN = "com.google.cloud.tools:jib-maven-plugin";
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]+)}");

    @Override
    public String toString() {
        return "JibFrom[" + image + ", auth " + authUsername + "/***, credHelper " + credHelper + "]";
    }

    /**
     * Reads it from {@code project}; {@code user} and {@code system} are the session's user and
     * system properties (either may be null).
     */
    public static JibFrom of(MavenProject project, Properties user, Properties system) {
        Properties pom = project == null ? new Properties() : project.getProperties();
        Xpp3Dom from = child(configuration(project == null ? null : project.getPlugin(PLUGIN)), "from");
        String effective = value(child(from, "image"));
        // The model was interpolated when the project was read; odoo:pin-base may have changed the
        // property since (same Maven run), so the expression as written is resolved again.
        String raw = project == null ? null : rawImage(project.getOriginalModel());
        String image = effective;
        String imageProperty = null;
        if (raw != null && raw.contains("${")) {
            Optional<String> now = interpolate(raw, user, system, pom);
            if (now.isPresent()) {
                image = now.get();
            }
            Matcher m = EXPRESSION.matcher(raw.trim());
            if (m.matches()) {
                imageProperty = m.group(1);
            }
        }
        Xpp3Dom auth = child(from, "auth");
        Xpp3Dom helper = child(from, "credHelper");
        String helperName = child(helper, "helper") != null ? value(child(helper, "helper")) : value(helper);
        return new JibFrom(prop(BaseReference.JIB_FROM_IMAGE, user, system, null),
                pom.getProperty(BaseReference.JIB_FROM_IMAGE), image,
                imageProperty,
                first(prop("jib.from.auth.username", user, system, pom), value(child(auth, "username"))),
                first(prop("jib.from.auth.password", user, system, pom), value(child(auth, "password"))),
                first(prop("jib.from.credHelper", user, system, pom), helperName));
    }

    /** The base the build uses ({@link BaseReference#decide}), with the pom's base property as the fallback. */
    public static Optional<BaseReference> base(MavenProject project, Properties user, Properties system,
            String baseProperty) {
        JibFrom jib = of(project, user, system);
        Properties pom = project == null ? new Properties() : project.getProperties();
        String pomName = project == null || project.getFile() == null ? null : project.getFile().toString();
        return BaseReference.decide(new BaseReference.Sources(pom.getProperty(BaseReference.DERIVED_FROM),
                jib.commandLineImage(), jib.projectImage(), jib.image(), jib.imageProperty(), baseProperty,
                prop(baseProperty, user, null, pom), pomName));
    }

    private static String rawImage(Model model) {
        if (model == null || model.getBuild() == null) {
            return null;
        }
        List<Plugin> plugins = model.getBuild().getPlugins();
        for (Plugin p : plugins) {
            if (PLUGIN.equals(p.getKey())) {
                String v = value(child(child(configuration(p), "from"), "image"));
                if (v != null) {
                    return v;
                }
            }
        }
        if (model.getBuild().getPluginManagement() != null) {
            for (Plugin p : model.getBuild().getPluginManagement().getPlugins()) {
                if (PLUGIN.equals(p.getKey())) {
                    return value(child(child(configuration(p), "from"), "image"));
                }
            }
        }
        return null;
    }

    /** {@code ${name}} replaced by today's values; empty when one is unknown (e.g. {@code project.*}). */
    private static Optional<String> interpolate(String raw, Properties user, Properties system, Properties pom) {
        Matcher m = EXPRESSION.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = prop(m.group(1), user, system, pom);
            if (v == null) {
                return Optional.empty();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }

    /** A property: command line (user), then system, then the pom; as Maven interpolates. */
    private static String prop(String name, Properties user, Properties system, Properties pom) {
        for (Properties p : new Properties[] {user, system, pom}) {
            String v = p == null ? null : p.getProperty(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static Xpp3Dom configuration(Plugin plugin) {
        return plugin != null && plugin.getConfiguration() instanceof Xpp3Dom dom ? dom : null;
    }

    private static Xpp3Dom child(Xpp3Dom dom, String name) {
        return dom == null ? null : dom.getChild(name);
    }

    private static String value(Xpp3Dom dom) {
        String v = dom == null ? null : dom.getValue();
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
