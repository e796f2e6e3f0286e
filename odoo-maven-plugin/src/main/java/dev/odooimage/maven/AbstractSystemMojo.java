package dev.odooimage.maven;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.system.ArchiveClient;
import dev.odooimage.system.ArchiveSource;
import dev.odooimage.system.BaseSystem;
import dev.odooimage.system.InReleaseVerifier;
import dev.odooimage.system.Sha256Cache;
import dev.odooimage.system.SystemRequests;
import dev.odooimage.util.OdooImageException;

/** Parameters of the Debian package goals: inputs, lock, archive, trust and cache. */
public abstract class AbstractSystemMojo extends AbstractBaseMojo {

    /** Debian packages of the image: names, {@code name=version}, or {@code <url> <sha256>} lines. */
    @Parameter(property = "odoo.system.runtimePackages",
            defaultValue = "${project.basedir}/system-runtime-packages.txt", required = true)
    protected File systemRuntimePackagesFile;

    /**
     * Debian packages of the builder container that compiles source-only Python packages
     * (compilers, headers): same format; never in the image.
     */
    @Parameter(property = "odoo.system.buildPackages",
            defaultValue = "${project.basedir}/system-build-packages.txt", required = true)
    protected File buildPackagesFile;

    /** The committed lock of system-build-packages.txt (written by {@code odoo:system-lock}). */
    @Parameter(property = "odoo.system.buildLock", defaultValue = "${project.basedir}/system-build-packages.lock",
            required = true)
    protected File buildLockFile;

    /** The committed lock of the Debian packages (written by {@code odoo:system-lock}). */
    @Parameter(property = "odoo.system.lock", defaultValue = "${project.basedir}/system-packages.lock",
            required = true)
    protected File systemLockFile;

    /**
     * The Debian archive to resolve from and download from. Default: the first Debian archive
     * of this machine's apt sources, else http://deb.debian.org/debian. For builds that must be
     * repeatable years later, use Debian's snapshot archive
     * (https://snapshot.debian.org/archive/debian/20250520T000000Z/).
     */
    @Parameter(property = "odoo.system.archive")
    protected String archive;

    /** The release suite (bookworm, trixie ...). Default: the base image's VERSION_CODENAME. */
    @Parameter(property = "odoo.system.suite")
    protected String suite;

    /**
     * The suites to resolve from, space or comma separated, each InRelease verified; the newest
     * version across them wins, as with apt. Default: as apt's default sources.list, the release,
     * {@code <release>-updates} and {@code <release>-security}. A suite ending in {@code -security}
     * is fetched from {@code odoo.system.securityArchive}, the others from {@code odoo.system.archive}.
     */
    @Parameter(property = "odoo.system.suites")
    protected String suites;

    /**
     * The Debian security archive (for the {@code -security} suite). Default: the security source
     * of this machine's apt, else http://deb.debian.org/debian-security. For repeatable builds:
     * https://snapshot.debian.org/archive/debian-security/20250520T000000Z/.
     */
    @Parameter(property = "odoo.system.securityArchive")
    protected String securityArchive;

    /** Archive components, space or comma separated. */
    @Parameter(property = "odoo.system.components", defaultValue = "main", required = true)
    protected String components;

    /** Debian architecture of the image. Default: the base image's (amd64 when it names none). */
    @Parameter(property = "odoo.system.architecture")
    protected String architecture;

    /**
     * OpenPGP keyring (armored or binary) that signs the archive's InRelease. Default: the Debian
     * archive keys shipped in the plugin (bookworm and trixie).
     */
    @Parameter(property = "odoo.system.keyring")
    protected File keyring;

    /**
     * Refuse an archive whose signed InRelease has passed its {@code Valid-Until} (the security
     * archive's is a week ahead), as apt does: an expired one is an old state of the archive, served
     * by a stale mirror or an attacker to hide security updates. Set to false only for an archive
     * that keeps old states on purpose, such as snapshot.debian.org (apt's
     * {@code Check-Valid-Until: no}).
     */
    @Parameter(property = "odoo.system.checkValidUntil", defaultValue = "true")
    protected boolean checkValidUntil = true;

    /** Where .deb files and archive indexes are cached by sha256. */
    @Parameter(property = "odoo.system.cacheDirectory", defaultValue = "${user.home}/.cache/odoo-image-maven/system",
            required = true)
    protected File systemCacheDirectory;

    protected SystemRequests requests() {
        return SystemRequests.read(systemRuntimePackagesFile.toPath());
    }

    private dev.odooimage.base.BaseImageFiles files;

    /** The base image's files (its whole index), read once per goal execution and only when a layer is written. */
    protected dev.odooimage.base.BaseImageFiles files() {
        if (files == null) {
            files = baseFiles();
        }
        return files;
    }

    /** What the package goals know of the base, from its stored facts (no index read). */
    protected BaseSystem base() {
        return BaseSystemReader.read(baseFacts());
    }

    /** The odoo.system.* archive settings, read one way with the compiled-packages builder. */
    protected ArchiveSettings archiveSettings() {
        return new ArchiveSettings(archive, securityArchive, suite, suites, components, architecture);
    }

    /** The archive sources to resolve from (release, -updates, -security by default). */
    protected java.util.List<ArchiveSource> sources(BaseSystem base) {
        return archiveSettings().sources(base);
    }

    /** Where to download each locked archive's packages from at build time. */
    protected java.util.function.Function<dev.odooimage.system.SystemLock.Archive, java.util.Optional<URI>> mirrors() {
        return archiveSettings().mirrors();
    }

    /** The archive client; the keyring is read when the archive is first asked (an up-to-date layer never asks). */
    protected ArchiveClient client() {
        return new ArchiveClient(new Sha256Cache(systemCacheDirectory.toPath()), () -> {
            if (keyring != null) {
                try {
                    return InReleaseVerifier.of(Files.readAllBytes(keyring.toPath()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read odoo.system.keyring " + keyring, e);
                }
            }
            return InReleaseVerifier.debianArchiveKeys();
        }, checkValidUntil, java.time.Clock.systemUTC());
    }
}
