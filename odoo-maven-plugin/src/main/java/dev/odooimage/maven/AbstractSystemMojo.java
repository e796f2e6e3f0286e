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

    /** The suite (bookworm, trixie ...). Default: the base image's VERSION_CODENAME. */
    @Parameter(property = "odoo.system.suite")
    protected String suite;

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
        return SystemRequests.read(systemRuntimePackagesFile.toPath());
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
