package dev.odooimage.image;

/** Where things live in the image (DESIGN.md, "Pipeline files"). */
public final class ImagePaths {
    public static final String SRC = "/opt/odoo/src";
    public static final String VENV = "/opt/odoo/venv";
    public static final String ETC = "/etc/odoo";
    public static final String ADDONS_PATH = "/etc/odoo/addons_path";
    /** One digest per addon, read by {@code odoo-update --changed}. */
    public static final String ADDON_DIGESTS = "/etc/odoo/addons.digests";
    public static final String BIN = "/usr/local/bin";
    public static final String DATA = "/var/lib/odoo";
    public static final String RUN = "/run/odoo";
    public static final String ENTRYPOINT = BIN + "/odoo-run";

    /** The runtime commands shipped in the image, in {@code /usr/local/bin}. */
    public static final java.util.List<String> SCRIPTS = java.util.List.of("odoo-run", "odoo-init", "odoo-update",
            "odoo-shell");

    private ImagePaths() {
    }
}
