package dev.odooimage.addons;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What licences may enter the image. {@code report} (default) lists licences;
 * {@code community-only} fails on Odoo's proprietary licences (OEEL-1: Enterprise,
 * OPL-1: Odoo Apps store), the "no Enterprise contamination" requirement.
 */
public enum LicensePolicy {
    REPORT("report"),
    COMMUNITY_ONLY("community-only");

    public static final Set<String> ODOO_PROPRIETARY = Set.of("OEEL-1", "OPL-1");

    private final String id;

    LicensePolicy(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static LicensePolicy parse(String value) {
        for (LicensePolicy p : values()) {
            if (p.id.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return p;
            }
        }
        throw new dev.odooimage.util.OdooImageException("unknown licensePolicy '" + value
                + "'; use 'report' (list licences) or 'community-only' (fail on OEEL-1/OPL-1 addons)");
    }

    /** Applies the policy to every addon in the image (installable or not: its code ships). */
    public void check(Inventory inventory, Diagnostics diag) {
        Map<String, List<String>> byLicence = new TreeMap<>();
        List<String> proprietary = new ArrayList<>();
        for (Addon a : inventory.addons()) {
            String lic = a.manifest().license();
            byLicence.computeIfAbsent(lic, k -> new ArrayList<>()).add(a.name());
            if (ODOO_PROPRIETARY.contains(lic)) {
                proprietary.add(a.name() + " (" + lic + ", ./" + a.aggregate() + ")");
            }
        }
        StringBuilder sb = new StringBuilder("licences:");
        byLicence.forEach((lic, names) -> sb.append(' ').append(lic).append(" (").append(names.size()).append(')'));
        diag.info(sb.toString().replace(") ", "), "));
        if (proprietary.isEmpty()) {
            return;
        }
        if (this == COMMUNITY_ONLY) {
            diag.error("licence policy community-only: " + proprietary.size() + " addon(s) carry an Odoo proprietary"
                    + " licence: " + String.join(", ", proprietary) + ". Remove them (or their repository) from"
                    + " repos.yaml, or set <licensePolicy>report</licensePolicy> if this image may hold"
                    + " proprietary Odoo code.");
        } else {
            diag.info("addons under an Odoo proprietary licence: " + String.join(", ", proprietary));
        }
    }
}
