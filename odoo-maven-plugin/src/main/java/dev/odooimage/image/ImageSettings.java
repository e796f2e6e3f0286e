package dev.odooimage.image;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The image settings as the client wrote them, resolved one way for both readers:
 * {@code odoo:prepare-image} (which computes everything from them and writes the hand-off)
 * and the Jib extension (which checks that it sees the same values, else the hand-off is
 * stale). Each setting NAME comes from {@code <pluginExtension><properties><NAME>}, else
 * the Maven property {@code odoo.image.NAME} (command line first, then the pom); the two locks
 * else {@code odoo.repos.lock} and {@code odoo.python.lock}, as every goal reads them. JDK only.
 *
 * @param values setting name -> value, only the settings that are set (trimmed, never blank)
 */
public record ImageSettings(Map<String, String> values) {
    public static final String USER = "user";
    public static final String USER_NAME = "userName";
    public static final String WORK_DIRECTORY = "workDirectory";
    public static final String REPOS_LOCK = "reposLock";
    public static final String PYTHON_LOCK = "pythonLock";
    public static final String ODOO_SERIES = "odooSeries";
    public static final String SOURCE = "source";
    public static final String REVISION = "revision";
    public static final String ODOO_BIN = "odooBin";
    public static final String PATH = "path";
    /** Every setting the extension knows. */
    public static final List<String> NAMES = List.of(USER, USER_NAME, WORK_DIRECTORY, REPOS_LOCK, PYTHON_LOCK,
            ODOO_SERIES, SOURCE, REVISION, ODOO_BIN, PATH);

    /**
     * The extension's class name, as the client's {@code <pluginExtension><implementation>} names it.
     * A string: the class itself implements a Jib interface that only Jib's class loader has.
     */
    public static final String EXTENSION_CLASS = "dev.odooimage.image.OdooJibExtension";

    public static final String DEFAULT_USER = "1000:1000";
    public static final String DEFAULT_USER_NAME = "odoo";

    public ImageSettings {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * @param extension the {@code <pluginExtension><properties>} of this extension
     * @param user      the Maven user properties ({@code -D...})
     * @param pom       the project's properties
     */
    public static ImageSettings resolve(Map<String, String> extension, Properties user, Properties pom) {
        Map<String, String> out = new TreeMap<>();
        for (String name : NAMES) {
            String v;
            if (name.equals(REPOS_LOCK) || name.equals(PYTHON_LOCK)) {
                // The locks are the goals' own settings: one property moves a lock for every goal.
                String shared = name.equals(REPOS_LOCK) ? "odoo.repos.lock" : "odoo.python.lock";
                v = first(extension.get(name), user.getProperty(shared), pom.getProperty(shared));
            } else {
                v = first(extension.get(name), user.getProperty("odoo.image." + name),
                        pom.getProperty("odoo.image." + name));
            }
            if (v == null && name.equals(WORK_DIRECTORY)) {
                v = first(user.getProperty("odoo.workDirectory"), pom.getProperty("odoo.workDirectory"));
            }
            if (v == null && name.equals(ODOO_SERIES)) {
                v = first(pom.getProperty("odoo.series"));
            }
            if (v != null) {
                out.put(name, v);
            }
        }
        return new ImageSettings(out);
    }

    /** The pipeline's work directory: the setting, else {@code ${project.build.directory}/odoo}. */
    public Path workDir(Path basedir, Path buildDirectory) {
        String w = get(WORK_DIRECTORY);
        return w == null ? buildDirectory.resolve("odoo") : basedir.resolve(w);
    }

    /** The value of {@code name}, or {@code null} when it is not set. */
    public String get(String name) {
        return values.get(name);
    }

    static String first(String... candidates) {
        for (String v : candidates) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
