package dev.odooimage.maven;

import java.io.File;
import java.nio.file.Path;

import javax.inject.Inject;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import dev.odooimage.enterprise.EnterpriseImport;
import dev.odooimage.enterprise.ImportReport;
import dev.odooimage.enterprise.ImportResult;
import dev.odooimage.enterprise.ModuleChange;
import dev.odooimage.repos.GitAccess;

/**
 * Imports an Odoo Enterprise source bundle (the tar.gz or zip downloaded with a subscription)
 * into the private git mirror named by {@code enterpriseMirror}. The locked, aggregated Odoo
 * Community checkout is authoritative: a bundle module it holds is Community (a differing copy is
 * reported as drift, never imported); every other module is Enterprise. Without
 * {@code -Dodoo.enterprise.apply} it is a dry run: the report says what would change, nothing is
 * committed or pushed. With it: one commit per Enterprise module change, one for the README's
 * source bundle identity block, pushed without force. The report is written to
 * {@code target/odoo/enterprise-import/report.{json,txt}}. Builds never read the bundle: they
 * consume the mirror through repos.lock.yaml.
 */
@Mojo(name = "enterprise-import", requiresProject = true, threadSafe = true)
public class EnterpriseImportMojo extends AbstractOdooMojo {

    /** The Enterprise source bundle to import, e.g. {@code -Dodoo.enterprise.bundle=odoo_17.0+e.latest.tar.gz}. */
    @Parameter(property = "odoo.enterprise.bundle")
    private File bundle;

    /** Commit and push the changes. Without it the goal is a dry run that only writes its report. */
    @Parameter(property = "odoo.enterprise.apply", defaultValue = "false")
    private boolean apply;

    /**
     * The private Enterprise mirror: a git URL ({@code git@git.example.com:acme/odoo-enterprise.git},
     * {@code https://...}) or a local path of a repository to push to. Credentials as for
     * odoo:lock: the settings.xml {@code <server>} whose id is the host for https, ~/.ssh or the
     * ssh agent for ssh; never in the URL. Add the same repository to repos.yaml, right after
     * Odoo Community.
     */
    @Parameter(property = "odoo.enterprise.mirror")
    private String enterpriseMirror;

    /** The mirror branch to import into. Default: the Community checkout's series (e.g. {@code 17.0}). */
    @Parameter(property = "odoo.enterprise.branch")
    private String enterpriseBranch;

    /** Maven settings: https credentials come from the {@code <server>} whose id is the mirror's host. */
    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;

    private final SettingsDecrypter decrypter;

    @Inject
    public EnterpriseImportMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    @Override
    protected void run() {
        String mirror = enterpriseMirror;
        if (mirror != null && !mirror.contains(":") && !mirror.startsWith("/")) {
            mirror = basedir.toPath().resolve(mirror).normalize().toString(); // a path relative to the project
        }
        ImportResult r = new EnterpriseImport()
                .bundle(bundle == null ? null : bundle.toPath())
                .project(reposFile.toPath(), lockFile.toPath(), workDirectory.toPath())
                .mirror(mirror)
                .branch(enterpriseBranch)
                .apply(apply)
                .access(new GitAccess(MavenCredentials.of(settings, decrypter, getLog()).git(),
                        Path.of(System.getProperty("user.home"))))
                .log(getLog()::info)
                .call();
        getLog().info("Classified " + r.bundle().modules().size() + " modules: " + r.classification().community().size()
                + " Community, " + r.classification().drifted().size() + " Community drifted (not imported), "
                + r.classification().enterprise().size() + " Enterprise");
        if (!r.classification().drifted().isEmpty()) {
            getLog().warn("Community drift (the checkout wins, nothing imported): "
                    + String.join(", ", r.classification().drifted().keySet()) + "; details in the report");
        }
        for (ModuleChange c : r.changes()) {
            getLog().info(c.kind().tag() + " " + c.module() + ": " + c.reason()
                    + (c.commit() != null ? " (" + c.commit().substring(0, 12) + ")" : ""));
        }
        Path report = workDirectory.toPath().resolve(EnterpriseImport.REPORT_DIR).resolve(ImportReport.TEXT_FILE);
        if (!r.applied()) {
            getLog().info("Dry run: " + r.commits() + " commit(s) would be made on " + r.branch() + " of " + r.mirror()
                    + ". Nothing committed or pushed; add -Dodoo.enterprise.apply to do it. Report: " + report);
        } else if (r.commits() == 0) {
            getLog().info("The mirror already holds this bundle: no commit. Report: " + report);
        } else {
            getLog().info("Pushed " + r.commits() + " commit(s) to " + r.branch() + " of " + r.mirror() + " ("
                    + (r.before() == null ? "new branch" : r.before().substring(0, 12)) + " -> "
                    + r.after().substring(0, 12) + "). Next: mvn odoo:lock -Dodoo.repos.refresh=<mirror path>. Report: "
                    + report);
        }
    }
}
