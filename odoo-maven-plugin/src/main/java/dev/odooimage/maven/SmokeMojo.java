package dev.odooimage.maven;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.util.OdooImageException;
import dev.odooimage.verify.ContainerEngine;
import dev.odooimage.verify.SmokeOptions;
import dev.odooimage.verify.SmokeRunner;
import dev.odooimage.verify.VerifyReport;

/**
 * Runtime smoke test of the image tarball: loads it into podman or docker, starts a
 * throw-away PostgreSQL, and checks odoo-bin --version, Python dependency consistency,
 * imports, odoo-init (and its refusal on an initialised database), the odoo-run server
 * (/web/health, /web/login, user, logs) and odoo-update. Writes {@code smoke-report.json}
 * and {@code smoke-report.xml}. Fails when no container engine works, unless
 * {@code -Dodoo.smoke.skip}.
 */
@Mojo(name = "smoke", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class SmokeMojo extends AbstractOdooMojo {

    /** The image tarball to run (Jib's buildTar output). */
    @Parameter(property = "odoo.image.tarball", defaultValue = "${project.build.directory}/jib-image.tar",
            required = true)
    private File tarball;

    /**
     * Leave the image the smoke test loaded in podman/docker. By default it is removed at the
     * end (a CI machine would otherwise fill up), unless it was already there before the run.
     */
    @Parameter(property = "odoo.smoke.keepImage", defaultValue = "false")
    private boolean keepImage;

    /** Skip the runtime smoke test (e.g. on a machine without a container engine). Releases must not. */
    @Parameter(property = "odoo.smoke.skip", defaultValue = "false")
    private boolean skip;

    /** Container engines to try, in order (comma separated); the first whose `info` works is used. */
    @Parameter(property = "odoo.container.engine", defaultValue = "podman,docker")
    private String engine;

    /** The Odoo series the image must hold, as `odoo-bin --version` prints it. */
    @Parameter(property = "odoo.series", defaultValue = "${odoo.series}")
    private String series;

    /** Python modules to import in the image (comma separated); a trailing `?` means "only when installed". */
    @Parameter(property = "odoo.smoke.imports", defaultValue = "odoo,psycopg2,lxml?,ldap?")
    private String imports;

    /** Odoo modules odoo-init installs and odoo-update updates (comma separated); empty: base. */
    @Parameter(property = "odoo.smoke.modules", defaultValue = "")
    private String modules;

    /**
     * An existing PostgreSQL as {@code host:port:user:passwordFile}; the smoke test creates
     * and drops its own database there. Empty: start a throw-away server.
     */
    @Parameter(property = "odoo.smoke.db")
    private String db;

    /** PostgreSQL image tried first for the throw-away server; `none` to use the host's binaries directly. */
    @Parameter(property = "odoo.smoke.dbImage", defaultValue = "docker.io/library/postgres:16")
    private String dbImage;

    /** Host PostgreSQL bin directory (initdb, pg_ctl); found automatically when empty. */
    @Parameter(property = "odoo.smoke.pgBin")
    private File pgBin;

    /** Seconds the server may take to answer /web/health. */
    @Parameter(property = "odoo.smoke.httpTimeout", defaultValue = "180")
    private int httpTimeout;

    /** Minutes each container command (odoo-init, odoo-update) may take. */
    @Parameter(property = "odoo.smoke.commandTimeout", defaultValue = "20")
    private int commandTimeout;

    @Override
    protected void run() {
        if (skip) {
            getLog().warn("odoo:smoke skipped (odoo.smoke.skip): this image has not been run");
            return;
        }
        List<String> engines = split(engine);
        List<String> notes = new ArrayList<>();
        ContainerEngine chosen = ContainerEngine.detect(engines, notes).orElseThrow(() -> new OdooImageException(
                "odoo:smoke needs a container engine and none works (" + String.join("; ", notes) + ")."
                        + " Install podman, or pass -Dodoo.smoke.skip=true to skip the runtime smoke test"));
        SmokeOptions options = SmokeOptions.builder().tarball(tarball.toPath()).engines(engines)
                .series(blankToNull(series)).imports(split(imports)).modules(split(modules)).db(blankToNull(db))
                .dbImage(blankToNull(dbImage)).pgBin(pgBin == null ? null : pgBin.toPath())
                .httpTimeout(Duration.ofSeconds(httpTimeout)).commandTimeout(Duration.ofMinutes(commandTimeout))
                .keepImage(keepImage).build();
        getLog().info("odoo:smoke " + tarball + " with " + chosen.name());
        if (!tarball.isFile()) {
            throw new OdooImageException("image tarball " + tarball + " does not exist: run `mvn package` first");
        }
        VerifyReport report = new SmokeRunner(options, getLog()::info).run(chosen);
        Path work = workDirectory.toPath();
        VerifyMojo.Reports.log(getLog(), report);
        report.write(work, "smoke-report", "odoo:smoke");
        VerifyMojo.Reports.failIfNeeded(report, "odoo:smoke", work.resolve("smoke-report.json"));
    }

    private static List<String> split(String csv) {
        return csv == null ? List.of() : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() || s.startsWith("${") ? null : s;
    }
}
