package dev.odooimage.maven;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import dev.odooimage.repos.ReposLock;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.verify.CheckResult;
import dev.odooimage.verify.ImageVerifier;
import dev.odooimage.verify.PackageList;
import dev.odooimage.verify.SecretSet;
import dev.odooimage.verify.VerifyOptions;
import dev.odooimage.verify.VerifyReport;

/**
 * Static release checks on the image tarball built by {@code mvn package}: non-root user,
 * odoo-run entrypoint, private /run/odoo, no .git / locks / requirement inputs / pip
 * caches / build tools, the generated addons_path, system packages, lock labels and
 * layers, and no secret in any layer. Writes {@code verify-report.json} and the JUnit XML
 * {@code verify-report.xml} to the work directory and fails when any check fails.
 * No container engine is needed.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractOdooMojo {

    /** The image tarball to check (Jib's buildTar output; docker or OCI layout). */
    @Parameter(property = "odoo.image.tarball", defaultValue = "${project.build.directory}/jib-image.tar",
            required = true)
    private File tarball;

    /** Skip the static checks. Meant for local experiments only: releases must pass them. */
    @Parameter(property = "odoo.verify.skip", defaultValue = "false")
    private boolean skip;

    /** The entrypoint the image must declare. */
    @Parameter(property = "odoo.verify.entrypoint", defaultValue = VerifyOptions.DEFAULT_ENTRYPOINT)
    private String entrypoint;

    /** Debian packages needed only to build; none of them may be in the image. */
    @Parameter(property = "odoo.system.buildPackages",
            defaultValue = "${project.basedir}/system-build-packages.txt")
    private File systemBuildPackagesFile;

    /** Debian packages the image needs at run time; all of them must be installed. */
    @Parameter(property = "odoo.system.runtimePackages",
            defaultValue = "${project.basedir}/system-runtime-packages.txt")
    private File systemRuntimePackagesFile;

    /** The committed Python lock, whose digest the image label must carry. */
    @Parameter(property = "odoo.python.lock", defaultValue = "${project.basedir}/requirements.lock.txt")
    private File pythonLockFile;

    /** Name of the image label holding the sha256 of repos.lock.yaml. */
    @Parameter(property = "odoo.verify.reposLockLabel", defaultValue = VerifyOptions.REPOS_LOCK_LABEL)
    private String reposLockLabel;

    /** Name of the image label holding the sha256 of requirements.lock.txt. */
    @Parameter(property = "odoo.verify.pythonLockLabel", defaultValue = VerifyOptions.PYTHON_LOCK_LABEL)
    private String pythonLockLabel;

    /**
     * Files whose contents must never appear in the image (git credentials, tokens, keys):
     * every non-blank line, a URL's password and a key=value's value are searched for in
     * every layer. Server passwords of settings.xml are always searched for.
     */
    @Parameter
    private List<File> secretFiles = new ArrayList<>();

    /**
     * Image paths (globs) exempt from the build-input and build-tool rules, for a
     * repository that ships, say, its own repos.yaml as content:
     * {@code <allowedPath>/opt/odoo/src/acme/tools/repos.yaml</allowedPath>}.
     */
    @Parameter
    private List<String> allowedPaths = new ArrayList<>();

    /** Under the work directory: which Debian package ships each library a built wheel links. */
    static final String LIBRARY_PROVIDERS = "system/library-providers.properties";

    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;

    // Plexus @Component is deprecated for JSR-330 constructor injection; kept until the credentials
    // component replaces this field.
    @SuppressWarnings("deprecation")
    @Component
    private SettingsDecrypter settingsDecrypter;

    @Override
    protected void run() {
        if (skip) {
            getLog().warn("odoo:verify skipped (odoo.verify.skip): this image has not been checked");
            return;
        }
        Path work = workDirectory.toPath();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(reposLockLabel, digest(lockFile.toPath()));
        labels.put(pythonLockLabel, digest(pythonLockFile.toPath()));
        VerifyOptions options = VerifyOptions.builder().entrypoint(entrypoint)
                .addonsPath(readIfPresent(work.resolve("addons_path")))
                .aggregatePaths(ReposLock.readIfPresent(lockFile.toPath()).map(ReposLock::relativePaths).orElse(null))
                .buildPackages(PackageList.read(systemBuildPackagesFile.toPath()))
                .runtimePackages(PackageList.read(systemRuntimePackagesFile.toPath())).lockLabels(labels)
                .allowedPaths(allowedPaths).secrets(secrets())
                .libraryProviders(libraryProviders(work.resolve(LIBRARY_PROVIDERS))).build();
        getLog().info("odoo:verify " + tarball);
        VerifyReport report = new ImageVerifier().verify(tarball.toPath(), options);
        Reports.log(getLog(), report);
        report.write(work, "verify-report", "odoo:verify");
        Reports.failIfNeeded(report, "odoo:verify", work.resolve("verify-report.json"));
    }

    private SecretSet secrets() {
        SecretSet set = new SecretSet();
        for (Map.Entry<String, String> secret : MavenCredentials.of(settings, settingsDecrypter, getLog()).secrets()) {
            set.add(secret.getKey(), secret.getValue());
        }
        for (File f : secretFiles) {
            set.addFile(f.toPath());
        }
        return set;
    }

    /**
     * soname -> Debian package, written by the compiled-packages builder (lines
     * {@code soname=package}); empty when it did not run.
     */
    static Map<String, String> libraryProviders(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        String text = readIfPresent(file);
        if (text != null) {
            for (String line : text.split("\n")) {
                String l = line.trim();
                int eq = l.indexOf('=');
                if (!l.isEmpty() && !l.startsWith("#") && eq > 0) {
                    out.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
                }
            }
        }
        return out;
    }

    /** sha256 of the file's bytes, null when the file does not exist. */
    private static String digest(Path file) {
        return Files.isRegularFile(file) ? "sha256:" + Digests.sha256Hex(file) : null;
    }

    private static String readIfPresent(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Shared by odoo:verify and odoo:smoke: one log line per check, one failure listing all. */
    static final class Reports {
        private Reports() {
        }

        static void log(org.apache.maven.plugin.logging.Log log, VerifyReport report) {
            for (CheckResult c : report.checks()) {
                String line = String.format("[%s] %-26s %s", c.status(), c.id(), c.message());
                switch (c.status()) {
                    case PASS -> log.info(line);
                    case SKIP -> log.warn(line);
                    case FAIL -> {
                        log.error(line);
                        c.details().stream().skip(1).limit(10).forEach(d -> log.error("       " + d));
                    }
                }
            }
        }

        static void failIfNeeded(VerifyReport report, String goal, Path json) {
            List<CheckResult> failed = report.failures();
            if (failed.isEmpty()) {
                return;
            }
            StringBuilder msg = new StringBuilder(goal + ": " + failed.size() + " of " + report.checks().size()
                    + " checks failed (report: " + json + ")");
            for (CheckResult c : failed) {
                msg.append("\n  ").append(c.id()).append(": ").append(c.message());
            }
            throw new OdooImageException(msg.toString());
        }
    }
}
