package dev.odooimage.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The property names of the first release that now have another name (one name per setting:
 * {@code odoo.<area>.<name>}, {@code odoo.<goal>.skip}). A build that still sets an old name,
 * on the command line or in the pom, stops with the new name instead of silently ignoring the
 * setting. Kept for one release; then the old names are simply unknown.
 */
final class RenamedProperties {

    /** Old name -> new name (docs/architecture.md has the same table). */
    static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("odoo.reposFile", "odoo.repos.file"),
            Map.entry("odoo.lockFile", "odoo.repos.lock"),
            Map.entry("odoo.image.reposLock", "odoo.repos.lock"),
            Map.entry("odoo.refresh", "odoo.repos.refresh"),
            Map.entry("odoo.refreshAll", "odoo.repos.refreshAll"),
            Map.entry("odoo.refreshMerge", "odoo.repos.refreshMerge"),
            Map.entry("odoo.lsRemoteThreads", "odoo.repos.lsRemoteThreads"),
            Map.entry("odoo.lsRemoteAttempts", "odoo.repos.lsRemoteAttempts"),
            Map.entry("odoo.skipCheckLock", "odoo.checkLock.skip"),
            Map.entry("odoo.gitCache", "odoo.aggregate.gitCache"),
            Map.entry("odoo.allowShellCommands", "odoo.aggregate.allowShellCommands"),
            Map.entry("odoo.strictVersions", "odoo.addons.strictVersions"),
            Map.entry("odoo.licensePolicy", "odoo.addons.licensePolicy"),
            Map.entry("odoo.requirementsIn", "odoo.python.requirements"),
            Map.entry("odoo.requirementsLock", "odoo.python.lock"),
            Map.entry("odoo.python.lockFile", "odoo.python.lock"),
            Map.entry("odoo.pythonLockFile", "odoo.python.lock"),
            Map.entry("odoo.image.pythonLock", "odoo.python.lock"),
            Map.entry("odoo.systemRuntimePackagesFile", "odoo.system.runtimePackages"),
            Map.entry("odoo.systemBuildPackagesFile", "odoo.system.buildPackages"),
            Map.entry("odoo.system.lockFile", "odoo.system.lock"),
            Map.entry("odoo.allowUnpinnedBase", "odoo.base.allowUnpinned"),
            Map.entry("odoo.refreshBase", "odoo.base.refresh"),
            Map.entry("odoo.verify.tarball", "odoo.image.tarball"),
            Map.entry("odoo.smoke.tarball", "odoo.image.tarball"),
            Map.entry("odoo.imageJson", "odoo.image.json"),
            Map.entry("odoo.python.skip", "odoo.pythonEnv.skip"),
            Map.entry("odoo.system.skip", "odoo.systemPackages.skip"),
            Map.entry("odoo.image.skip", "odoo.prepareImage.skip"),
            Map.entry("odoo.smoke.engine", "odoo.container.engine"),
            Map.entry("odoo.bytecode.engine", "odoo.container.engine"));

    /** Old settings that are gone, with why: the oci-odoo contract fixes these image paths. */
    static final Map<String, String> REMOVED = Map.of(
            "odoo.imageSourceRoot", "the image's sources are always /opt/odoo/src (the oci-odoo contract)",
            "odoo.python.venvPath", "the image's venv is always /opt/odoo/venv (the oci-odoo contract)");

    private RenamedProperties() {
    }

    /**
     * One line per old name that is set, naming where and the new name; empty when none is.
     *
     * @param commandLine the session's user properties ({@code -D...})
     * @param pom the project's properties (the pom, its parents and active profiles)
     */
    static List<String> problems(Properties commandLine, Properties pom) {
        List<String> lines = new ArrayList<>();
        RENAMED.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (commandLine.containsKey(e.getKey())) {
                lines.add("-D" + e.getKey() + " is now -D" + e.getValue());
            }
            if (pom.containsKey(e.getKey())) {
                lines.add("<" + e.getKey() + "> in the pom's <properties> is now <" + e.getValue() + ">");
            }
        });
        REMOVED.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (commandLine.containsKey(e.getKey()) || pom.containsKey(e.getKey())) {
                lines.add(e.getKey() + " is no longer a setting: " + e.getValue() + "; remove it");
            }
        });
        return lines;
    }

    /** The failure message for {@link #problems}, or null when there is none. */
    static String message(Properties commandLine, Properties pom) {
        List<String> lines = problems(commandLine, pom);
        if (lines.isEmpty()) {
            return null;
        }
        return "Renamed properties (one name per setting; the old names are no longer read):\n  "
                + String.join("\n  ", lines) + "\nRename them and run the build again (docs/architecture.md lists"
                + " every rename).";
    }
}
