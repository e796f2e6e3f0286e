package dev.odooimage.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.odooimage.contract.ImagePaths;

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

    public static final List<String> DEFAULT_IMPORTS = List.of("odoo", "psycopg2", "lxml?", "ldap?");
    public static final String DEFAULT_PYTHON = ImagePaths.PYTHON;
    public static final String DEFAULT_ODOO_BIN = ImagePaths.DEFAULT_ODOO_BIN;
    public static final String DEFAULT_SCRIPTS = ImagePaths.BIN;

    /** A builder: each setting by name, the defaults below for those not set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        return new Builder().tarball(tarball).engines(engines).series(series).imports(imports).modules(modules)
                .db(db).dbImage(dbImage).pgBin(pgBin).httpTimeout(httpTimeout).commandTimeout(commandTimeout)
                .python(python).odooBin(odooBin).scriptsDir(scriptsDir).keepImage(keepImage);
    }

    /** Settings by name; {@link #build()} makes the immutable SmokeOptions. */
    public static final class Builder {
        private Path tarball;
        private List<String> engines = List.of("podman", "docker");
        private String series;
        private List<String> imports = DEFAULT_IMPORTS;
        private List<String> modules = List.of();
        private String db;
        private String dbImage;
        private Path pgBin;
        private Duration httpTimeout = Duration.ofSeconds(180);
        private Duration commandTimeout = Duration.ofMinutes(20);
        private String python = DEFAULT_PYTHON;
        private String odooBin = DEFAULT_ODOO_BIN;
        private String scriptsDir = DEFAULT_SCRIPTS;
        private boolean keepImage;

        private Builder() {
        }

        public Builder tarball(Path tarball) {
            this.tarball = tarball;
            return this;
        }

        public Builder engines(List<String> engines) {
            this.engines = engines;
            return this;
        }

        public Builder series(String series) {
            this.series = series;
            return this;
        }

        public Builder imports(List<String> imports) {
            this.imports = imports;
            return this;
        }

        public Builder modules(List<String> modules) {
            this.modules = modules;
            return this;
        }

        public Builder db(String db) {
            this.db = db;
            return this;
        }

        public Builder dbImage(String dbImage) {
            this.dbImage = dbImage;
            return this;
        }

        public Builder pgBin(Path pgBin) {
            this.pgBin = pgBin;
            return this;
        }

        public Builder httpTimeout(Duration httpTimeout) {
            this.httpTimeout = httpTimeout;
            return this;
        }

        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        public Builder python(String python) {
            this.python = python;
            return this;
        }

        public Builder odooBin(String odooBin) {
            this.odooBin = odooBin;
            return this;
        }

        public Builder scriptsDir(String scriptsDir) {
            this.scriptsDir = scriptsDir;
            return this;
        }

        public Builder keepImage(boolean keepImage) {
            this.keepImage = keepImage;
            return this;
        }

        public SmokeOptions build() {
            return new SmokeOptions(tarball, engines, series, imports, modules, db, dbImage, pgBin, httpTimeout, 
                    commandTimeout, python, odooBin, scriptsDir, keepImage);
        }
    }
}
