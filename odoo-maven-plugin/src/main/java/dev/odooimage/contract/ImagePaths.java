package dev.odooimage.contract;

import java.util.List;

/**
 * Where things live in the image: the one definition the image step, the static checks,
 * the smoke test, the addons path and the runtime scripts all use. The oci-odoo contract
 * fixes these paths (DESIGN.md, "Pipeline files"), so they are constants, not settings.
 * JDK only: the Jib extension loads this class.
 */
public final class ImagePaths {
    /** The materialised source tree, one directory per aggregate. */
    public static final String SRC = "/opt/odoo/src";
    /** The Python virtual environment. */
    public static final String VENV = "/opt/odoo/venv";
    /** The venv's interpreter (the runtime scripts' shebang). */
    public static final String PYTHON = VENV + "/bin/python";
    public static final String ETC = "/etc/odoo";
    public static final String ADDONS_PATH = ETC + "/addons_path";
    /** One digest per addon, read by {@code odoo-update --changed}. */
    public static final String ADDON_DIGESTS = ETC + "/addons.digests";
    public static final String BIN = "/usr/local/bin";
    /** Filestore, sessions: the only place the runtime user writes to besides {@link #RUN}. */
    public static final String DATA = "/var/lib/odoo";
    /** The rendered configuration (with secrets), 0700. */
    public static final String RUN = "/run/odoo";
    public static final String ENTRYPOINT = BIN + "/odoo-run";
    /** odoo-bin when the sources hold Odoo as {@code ./odoo} (the runtime scripts' fallback). */
    public static final String DEFAULT_ODOO_BIN = SRC + "/odoo/odoo-bin";
    /** The image's {@code PATH}: the venv first. */
    public static final String DEFAULT_PATH = VENV + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** The runtime commands shipped in the image, in {@link #BIN}. */
    public static final List<String> SCRIPTS = List.of("odoo-run", "odoo-init", "odoo-update", "odoo-shell");

    private ImagePaths() {
    }

    /** The image path of an aggregate directory ({@code oca/web} -> {@code /opt/odoo/src/oca/web}). */
    public static String source(String aggregateDir) {
        return SRC + "/" + aggregateDir;
    }
}
