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
    @Parameter(property = "odoo.systemRuntimePackagesFile",
            defaultValue = "${project.basedir}/system-runtime-packages.txt", required = true)
    protected File runtimePackagesFile;

    /** The committed lock of the Debian packages (written by {@code odoo:system-lock}). */
    @Parameter(property = "odoo.system.lockFile", defaultValue = "${project.basedir}/system-packages.lock",
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

    /** Where .deb files and archive indexes are cached by sha256. */
    @Parameter(property = "odoo.system.cacheDirectory", defaultValue = "${user.home}/.cache/odoo-image-maven/system",
            required = true)
    protected File systemCacheDirectory;

    protected SystemRequests requests() {
        return SystemRequests.read(runtimePackagesFile.toPath());
    }

    private dev.odooimage.base.BaseImageFiles files;

    /** The base image's files, read once per goal execution. */
    protected dev.odooimage.base.BaseImageFiles files() {
        if (files == null) {
            files = baseFiles();
        }
        return files;
    }

    protected BaseSystem base() {
        return BaseSystemReader.read(files());
    }

    /** The archive sources to resolve from (release, -updates, -security by default). */
    protected java.util.List<ArchiveSource> sources(BaseSystem base) {
        ArchiveSource release = source(base);
        java.util.List<String> list = suites == null ? java.util.List.of() : Arrays.stream(suites.split("[,\\s]+"))
                .filter(x -> !x.isEmpty()).toList();
        return ArchiveSource.defaults(release.url(), securityUrl(), release.suite(), list, release.components(),
                release.arch());
    }

    private URI securityUrl() {
        return securityArchive != null && !securityArchive.isBlank() ? URI.create(securityArchive.trim())
                : ArchiveSource.aptSecurityMirror(Path.of("/etc/apt"));
    }

    /**
     * Where to download a locked archive's packages from at build time: {@code odoo.system.archive}
     * or {@code odoo.system.securityArchive} when set (any mirror serving the same files), else the
     * URL in the lock.
     */
    protected java.util.function.Function<dev.odooimage.system.SystemLock.Archive, java.util.Optional<URI>> mirrors() {
        return a -> {
            boolean security = a.name().endsWith("-security") || a.suite().endsWith("-security");
            String given = security ? securityArchive : archive;
            return given != null && !given.isBlank() ? java.util.Optional.of(URI.create(given.trim()))
                    : java.util.Optional.empty();
        };
    }

    protected ArchiveSource source(BaseSystem base) {
        String s = suite != null && !suite.isBlank() ? suite.trim() : base.codename().orElseThrow(() ->
                new OdooImageException("the base image names no VERSION_CODENAME in /etc/os-release: set"
                        + " <odoo.system.suite> (bookworm, trixie ...)"));
        String a = architecture != null && !architecture.isBlank() ? architecture.trim() : base.arch();
        if (!a.equals(base.arch())) {
            throw new OdooImageException("odoo.system.architecture is " + a + " but the base image is " + base.arch()
                    + ": packages must match the image; drop the setting or use a base of that architecture");
        }
        URI url = archive != null && !archive.isBlank() ? URI.create(archive.trim())
                : ArchiveSource.aptMirror(Path.of("/etc/apt"));
        return new ArchiveSource(url, s, Arrays.stream(components.split("[,\\s]+")).filter(c -> !c.isEmpty())
                .toList(), a);
    }

    protected ArchiveClient client() {
        InReleaseVerifier verifier;
        if (keyring != null) {
            try {
                verifier = InReleaseVerifier.of(Files.readAllBytes(keyring.toPath()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read odoo.system.keyring " + keyring, e);
            }
        } else {
            verifier = InReleaseVerifier.debianArchiveKeys();
        }
        return new ArchiveClient(new Sha256Cache(systemCacheDirectory.toPath()), verifier);
    }
}
