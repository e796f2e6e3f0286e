package dev.odooimage.maven;

import java.io.File;
import java.util.List;

import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.addons.AddonsPathService;
import dev.odooimage.addons.Diagnostics;
import dev.odooimage.addons.LicensePolicy;
import dev.odooimage.aggregate.SrcStaleness;
import dev.odooimage.aggregate.WorkLock;
import dev.odooimage.contract.ImagePaths;
import dev.odooimage.repos.ReposConfig;
import dev.odooimage.repos.ReposLock;
import dev.odooimage.util.OdooImageException;

/** Parameters shared by {@code odoo:addons-path} and {@code odoo:addons}. */
abstract class AbstractAddonsMojo extends AbstractOdooMojo {

    /**
     * The Odoo series the image is built for (e.g. {@code 17.0}); addon versions are checked
     * against it. When empty, it is read from the Odoo repository's {@code odoo/release.py}.
     */
    @Parameter(property = "odoo.series")
    protected String series;

    /**
     * Where the materialised source tree lives in the image; addons_path entries start with it.
     * Fixed by the image contract ({@link ImagePaths}), no longer a parameter.
     */
    protected final String imageSourceRoot = ImagePaths.SRC;

    /**
     * How many folder levels below a repository are searched for addon roots when the
     * repository does not hold addons directly (compatibility layouts; reported as "nested").
     */
    @Parameter(property = "odoo.addons.nestedDepth", defaultValue = "3")
    protected int nestedDepth;

    /** Fail, instead of warning, when an installable addon's version is not of the Odoo series. */
    @Parameter(property = "odoo.addons.strictVersions", defaultValue = "false")
    protected boolean strictVersions;

    /**
     * Licence policy: {@code report} lists the licences of all addons; {@code community-only}
     * fails the build on any addon under an Odoo proprietary licence (OEEL-1, OPL-1).
     */
    @Parameter(property = "odoo.addons.licensePolicy", defaultValue = "report")
    protected String licensePolicy;

    /** Extra Python packages of the image; external_dependencies.python are looked up here. */
    @Parameter(property = "odoo.python.requirements", defaultValue = "${project.basedir}/requirements.in")
    protected File requirementsIn;

    /** The Python lock; external_dependencies.python are looked up here too. */
    @Parameter(property = "odoo.python.lock", defaultValue = "${project.basedir}/requirements.lock.txt")
    protected File pythonLockFile;

    protected AddonsPathService.Options options() {
        ReposConfig lock = ReposLock.read(lockFile.toPath());
        SrcStaleness.check(lock, workDirectory.toPath()).ifPresent(why -> {
            throw new OdooImageException(why);
        });
        List<String> aggregates = ReposLock.relativePaths(lock);
        return AddonsPathService.Options.builder().srcDir(new File(workDirectory, "src").toPath())
                .aggregates(aggregates).imageSourceRoot(imageSourceRoot).nestedDepth(nestedDepth).series(series)
                .strictVersions(strictVersions).licensePolicy(LicensePolicy.parse(licensePolicy))
                .pythonInputs(List.of(requirementsIn.toPath(), pythonLockFile.toPath())).displayBase(basedir.toPath())
                .build();
    }

    /**
     * Runs {@code read} holding the project's work directory lock: src/ is not read while
     * another build of the project is aggregating into it (that build is waited for, saying so).
     */
    protected <T> T underWorkLock(java.util.function.Supplier<T> read) {
        try (WorkLock held = WorkLock.acquire(workDirectory.toPath(), getLog()::info)) {
            return read.get();
        } catch (java.io.IOException e) {
            throw new OdooImageException("cannot lock " + workDirectory + ": " + e.getMessage(), e);
        }
    }

    protected void log(Diagnostics diag) {
        diag.infos().forEach(getLog()::info);
        diag.warnings().forEach(getLog()::warn);
    }
}
