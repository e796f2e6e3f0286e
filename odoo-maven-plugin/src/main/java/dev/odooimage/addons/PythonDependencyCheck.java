package dev.odooimage.addons;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warns about {@code external_dependencies.python} entries of installable addons that no
 * Python input mentions: such an addon would fail to install in production. Manifests
 * often name the import module rather than the distribution (Odoo accepts both), so
 * well-known import names are mapped to their distribution.
 */
public final class PythonDependencyCheck {
    private static final Pattern NAME = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)");
    private static final Map<String, String> IMPORT_TO_DIST = Map.ofEntries(
            Map.entry("dateutil", "python-dateutil"), Map.entry("yaml", "pyyaml"), Map.entry("ldap", "python-ldap"),
            Map.entry("pil", "pillow"), Map.entry("crypto", "pycryptodome"), Map.entry("openssl", "pyopenssl"),
            Map.entry("jwt", "pyjwt"), Map.entry("magic", "python-magic"), Map.entry("serial", "pyserial"),
            Map.entry("usb", "pyusb"), Map.entry("stdnum", "python-stdnum"), Map.entry("docx", "python-docx"),
            Map.entry("slugify", "python-slugify"), Map.entry("barcode", "python-barcode"),
            Map.entry("dns", "dnspython"), Map.entry("bs4", "beautifulsoup4"), Map.entry("sklearn", "scikit-learn"),
            Map.entry("cv2", "opencv-python"), Map.entry("git", "gitpython"), Map.entry("odf", "odfpy"),
            Map.entry("levenshtein", "python-levenshtein"), Map.entry("u2flib-server", "python-u2flib-server"),
            Map.entry("jose", "python-jose"), Map.entry("telegram", "python-telegram-bot"));

    private PythonDependencyCheck() {
    }

    /**
     * @param inputs requirement files that may exist (requirements.in, requirements.lock.txt,
     *               the Odoo repository's requirements.txt); absent ones are skipped
     */
    public static void check(Inventory inventory, List<Path> inputs, Diagnostics diag) {
        Set<String> known = new LinkedHashSet<>();
        List<String> read = new ArrayList<>();
        for (Path p : inputs) {
            Set<String> names = RequirementNames.read(p);
            if (java.nio.file.Files.isRegularFile(p)) {
                read.add(p.getFileName().toString().equals("requirements.txt") && p.getParent() != null
                        ? p.getParent().getFileName() + "/requirements.txt" : p.getFileName().toString());
            }
            known.addAll(names);
        }
        Map<String, List<String>> missing = new TreeMap<>();
        for (Addon a : inventory.addons()) {
            if (!a.manifest().installable()) {
                continue;
            }
            for (String dep : a.manifest().pythonDependencies()) {
                Matcher m = NAME.matcher(dep);
                String name = m.find() ? RequirementNames.normalise(m.group(1)) : dep;
                if (!known.contains(name) && !known.contains(IMPORT_TO_DIST.getOrDefault(name, name))) {
                    missing.computeIfAbsent(dep.strip(), k -> new ArrayList<>()).add(a.name() + " (./" + a.aggregate() + ")");
                }
            }
        }
        String where = read.isEmpty() ? "in no Python requirement file (none was found)"
                : "in none of " + String.join(", ", read);
        missing.forEach((dep, addons) -> diag.warn("Python package '" + dep + "' (external_dependencies of "
                + String.join(", ", addons) + ") is " + where + "; add it to requirements.in or the addon will"
                + " fail to install"));
    }
}
