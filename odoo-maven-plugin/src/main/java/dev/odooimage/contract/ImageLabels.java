package dev.odooimage.contract;

import java.util.List;

/**
 * The labels the image carries, by name: the image step sets them, {@code odoo:verify}
 * checks the lock digests, {@code odoo:smoke} reads odoo-bin. JDK only: the Jib extension
 * loads this class.
 */
public final class ImageLabels {
    public static final String PREFIX = "dev.odooimage.";

    public static final String SOURCE = "org.opencontainers.image.source";
    public static final String REVISION = "org.opencontainers.image.revision";
    public static final String VERSION = "org.opencontainers.image.version";
    public static final String TITLE = "org.opencontainers.image.title";
    public static final String ODOO_SERIES = PREFIX + "odoo.series";
    /** sha256 (bare hex) of {@code repos.lock.yaml}. */
    public static final String REPOS_LOCK = PREFIX + "repos-lock.sha256";
    /** sha256 (bare hex) of {@code requirements.lock.txt}. */
    public static final String PYTHON_LOCK = PREFIX + "python-lock.sha256";
    /** The base image reference as configured. */
    public static final String BASE_IMAGE = PREFIX + "base-image";
    /** Image path of odoo-bin. */
    public static final String ODOO_BIN = PREFIX + "odoo-bin";
    /** Aggregate paths in lock order, comma-separated. */
    public static final String AGGREGATES = PREFIX + "aggregates";

    /** Every label, in the order the image config lists them (part of the image digest). */
    public static final List<String> ALL = List.of(SOURCE, REVISION, VERSION, TITLE, ODOO_SERIES, REPOS_LOCK,
            PYTHON_LOCK, BASE_IMAGE, ODOO_BIN, AGGREGATES);

    private ImageLabels() {
    }
}
