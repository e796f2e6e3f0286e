package dev.odooimage.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What odoo:smoke runs against and expects.
 *
 * @param tarball        the image tarball to load
 * @param engines        engine CLIs to try, in order ("podman", "docker")
 * @param series         the Odoo series odoo-bin --version must print ("17.0")
 * @param imports        Python modules to import; a trailing '?' = only when installed
 * @param modules        modules odoo-init installs and odoo-update updates (empty: base)
 * @param db             "host:port:user:passwordFile" of an existing server, or null
 * @param dbImage        postgres image to try first (null: go straight to host binaries)
 * @param pgBin          host PostgreSQL bin directory, or null to look for one
 * @param httpTimeout    how long the server may take to answer /web/health
 * @param commandTimeout limit for each container command (odoo-init can take minutes)
 * @param python         the image's interpreter
 * @param odooBin        the image's odoo-bin
 * @param scriptsDir     where odoo-run, odoo-init, odoo-update live in the image
 * @param keepImage      leave the image the run loaded in the engine (default: removed at the end,
 *                       unless it was there before the run)
 */
public record SmokeOptions(Path tarball, List<String> engines, String series, List<String> imports,
        List<String> modules, String db, String dbImage, Path pgBin, Duration httpTimeout, Duration commandTimeout,
        String python, String odooBin, String scriptsDir, boolean keepImage) {

    /** Removing the loaded image at the end (a CI machine would otherwise fill up). */
    public SmokeOptions(Path tarball, List<String> engines, String series, List<String> imports, List<String> modules,
            String db, String dbImage, Path pgBin, Duration httpTimeout, Duration commandTimeout, String python,
            String odooBin, String scriptsDir) {
        this(tarball, engines, series, imports, modules, db, dbImage, pgBin, httpTimeout, commandTimeout, python,
                odooBin, scriptsDir, false);
    }

    public static final List<String> DEFAULT_IMPORTS = List.of("odoo", "psycopg2", "lxml?", "ldap?");
    public static final String DEFAULT_PYTHON = "/opt/odoo/venv/bin/python";
    public static final String DEFAULT_ODOO_BIN = "/opt/odoo/src/odoo/odoo-bin";
    public static final String DEFAULT_SCRIPTS = "/usr/local/bin";
}
