package dev.odooimage.addons;

import java.util.regex.Pattern;

/**
 * Odoo's own version rule ({@code adapt_version}): a manifest version is {@code x.y},
 * {@code x.y.z}, {@code <series>.x.y} or {@code <series>.x.y.z}. Anything else, typically
 * an addon of another series ({@code 16.0.1.0.0} in a 17.0 image), is reported: a warning
 * by default, an error when strict.
 */
public final class VersionCheck {
    private static final Pattern SHORT = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");
    private static final Pattern OTHER_SERIES = Pattern.compile("(\\d+\\.\\d+)\\.\\d+\\.\\d+(\\.\\d+)?");

    private VersionCheck() {
    }

    public static boolean matches(String version, String series) {
        if (version == null || version.equals(series)) {
            return true;
        }
        String base = version.startsWith(series + ".") ? version.substring(series.length() + 1) : version;
        return SHORT.matcher(base).matches();
    }

    public static void check(Inventory inventory, String series, boolean strict, Diagnostics diag) {
        for (Addon a : inventory.addons()) {
            String v = a.manifest().version();
            if (!a.manifest().installable() || matches(v, series)) {
                continue;
            }
            var other = OTHER_SERIES.matcher(v);
            String msg = "addon '" + a.name() + "' (./" + a.aggregate() + ") has version '" + v + "', "
                    + (other.matches() ? "a " + other.group(1) + " version in a " + series + " image"
                            : "which is not a valid " + series + " version")
                    + "; Odoo " + series + " expects '" + series + ".x.y.z' (or 'x.y.z') and refuses to load it."
                    + " Check that the repository follows the " + series + " branch in repos.yaml"
                    + (strict ? "" : " (-Dodoo.addons.strictVersions makes this an error)");
            if (strict) {
                diag.error(msg);
            } else {
                diag.warn(msg);
            }
        }
    }
}
