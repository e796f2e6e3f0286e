package dev.odooimage.maven;

import java.nio.file.Path;
import java.util.List;

import dev.odooimage.system.BaseSystem;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.verify.ImageReader;
import dev.odooimage.verify.ImageSnapshot;
import dev.odooimage.verify.SecretScanner;

/**
 * Reads the base image's dpkg status, os-release and architecture for the system-package goals.
 * Interim: a {@code tar://} base (docker-save or OCI tarball) read with the verify goal's image
 * reader (layers applied in order, whiteouts honoured); a registry base needs the base image
 * reader of the base-image work, so for now it is given by {@code odoo.system.baseImageTar}.
 */
final class BaseSystemReader {
    static final String STATUS = "/var/lib/dpkg/status";
    static final String OS_RELEASE = "/etc/os-release";
    static final String OS_RELEASE_USR = "/usr/lib/os-release";

    private BaseSystemReader() {
    }

    static BaseSystem read(String baseImage, java.io.File baseImageTar) {
        Path tar;
        if (baseImageTar != null) {
            tar = baseImageTar.toPath();
        } else if (baseImage != null && baseImage.startsWith("tar://")) {
            tar = Path.of(baseImage.substring(6));
        } else {
            throw new OdooImageException("cannot read the dpkg database of base image " + baseImage + " yet: save it"
                    + " as a tarball (skopeo copy docker://IMAGE docker-archive:base.tar) and pass"
                    + " -Dodoo.system.baseImageTar=base.tar");
        }
        ImageSnapshot snap = new ImageReader(p -> p.equals(STATUS) || p.equals(OS_RELEASE) || p.equals(OS_RELEASE_USR),
                new SecretScanner(List.of())).read(tar);
        var fs = snap.filesystem();
        String status = fs.readString(STATUS).orElseThrow(() -> new OdooImageException("base image " + tar
                + " has no " + STATUS + ": system packages need a Debian based image"));
        String osRelease = fs.readString(OS_RELEASE).or(() -> fs.readString(OS_RELEASE_USR)).orElse("");
        String arch = snap.config().architecture() == null || snap.config().architecture().isBlank() ? "amd64"
                : BaseSystem.debianArch(snap.config().architecture(), "");
        java.util.Map<String, String> links = new java.util.TreeMap<>();
        for (String dir : BaseSystem.MERGED_USR_DIRS) {
            fs.entry("/" + dir).filter(e -> e.type() == dev.odooimage.verify.LayerEntry.Type.SYMLINK)
                    .ifPresent(e -> links.put(dir, e.link()));
        }
        return new BaseSystem(status, BaseSystem.codenameOf(osRelease), arch, links);
    }
}
