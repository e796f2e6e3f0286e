package dev.odooimage.maven;

import java.util.Map;
import java.util.TreeMap;

import java.util.List;

import dev.odooimage.base.BaseImageEntry;
import dev.odooimage.base.BaseImageFiles;
import dev.odooimage.system.ImageTree;
import dev.odooimage.system.LdSoConf;
import dev.odooimage.system.SystemLayerBuilder;
import dev.odooimage.system.BaseSystem;
import dev.odooimage.util.OdooImageException;

/**
 * The base image as the system-package goals see it, read with the base image reader (registry
 * or {@code tar://}, whiteouts applied, cached by digest): dpkg status, release codename,
 * architecture and the merged-/usr links.
 */
final class BaseSystemReader {
    static final String STATUS = "/var/lib/dpkg/status";

    private BaseSystemReader() {
    }

    /** Every path of the base (for the shared-libraries check) and its ld.so.conf.d directories. */
    static SystemLayerBuilder.BaseTree tree(BaseImageFiles files) {
        ImageTree tree = new ImageTree();
        for (BaseImageEntry e : files.entries()) {
            tree.put(e.path(), e.isFile() || e.type() == BaseImageEntry.Type.HARDLINK,
                    e.isSymlink() ? e.link() : null);
        }
        List<String> dirs = new LdSoConf(files::readString, files::list).directories();
        return new SystemLayerBuilder.BaseTree(tree, dirs);
    }

    static BaseSystem read(BaseImageFiles files) {
        String status = files.readString(STATUS).orElseThrow(() -> new OdooImageException("base image "
                + files.image() + " has no " + STATUS + ": Debian packages need a Debian based image"));
        String osRelease = files.readString("/etc/os-release").or(() -> files.readString("/usr/lib/os-release"))
                .orElse("");
        String arch = files.config().architecture().isBlank() ? "amd64"
                : BaseSystem.debianArch(files.config().architecture(), files.config().variant());
        Map<String, String> links = new TreeMap<>();
        for (String dir : BaseSystem.MERGED_USR_DIRS) {
            if (files.isSymlink("/" + dir)) {
                files.linkTarget("/" + dir).ifPresent(t -> links.put(dir, t));
            }
        }
        return new BaseSystem(status, BaseSystem.codenameOf(osRelease), arch, links);
    }
}
