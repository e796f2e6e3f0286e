package dev.odooimage.addons;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of an addon manifest the build cares about, with Odoo's defaults applied
 * where a key is absent (license LGPL-3, installable true, auto_install false).
 *
 * @param title                 the manifest's human {@code name}, or null
 * @param version               the version as written, or null when absent (Odoo then uses 1.0)
 * @param license               the licence, "LGPL-3" when absent (Odoo's default)
 * @param licenseDeclared       false when the manifest had no {@code license} key
 * @param depends               direct dependencies in manifest order
 * @param autoInstall           true when the addon installs itself once its triggers are installed
 * @param autoInstallTriggers   the explicit trigger list when auto_install is a list, else null
 * @param installable           the {@code installable} key
 * @param externalDependencies  {@code external_dependencies}: kind ("python", "bin", ...) to names
 * @param legacyFile            true when read from {@code __openerp__.py}
 */
public record Manifest(String title, String version, String license, boolean licenseDeclared,
        List<String> depends, boolean autoInstall, List<String> autoInstallTriggers, boolean installable,
        Map<String, List<String>> externalDependencies, boolean legacyFile) {

    public static final String DEFAULT_LICENSE = "LGPL-3";

    public Manifest {
        depends = List.copyOf(depends);
        autoInstallTriggers = autoInstallTriggers == null ? null : List.copyOf(autoInstallTriggers);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        externalDependencies.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        externalDependencies = Collections.unmodifiableMap(copy);
    }

    public List<String> pythonDependencies() {
        return externalDependencies.getOrDefault("python", List.of());
    }
}
