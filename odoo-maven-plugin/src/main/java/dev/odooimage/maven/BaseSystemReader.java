package dev.odooimage.maven;

import java.util.Map;
import java.util.TreeMap;

import java.util.List;

import dev.odooimage.base.BaseFacts;
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
 * architecture and the merged-/usr links, from the base's stored facts; the whole tree (every
 * path) only for the shared-libraries check of a package layer being written.
 */
final class BaseSystemReader {
    static final String STATUS = BaseFacts.DPKG_STATUS;

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

    /**
     * From the base's facts: the dpkg status text, the os-release codename, the architecture and
     * the merged-/usr links, as they were read from its files when the facts were derived.
     */
    static BaseSystem read(BaseFacts facts) {
        String status = facts.dpkgStatus().orElseThrow(() -> new OdooImageException("base image "
                + facts.image() + " has no " + STATUS + ": Debian packages need a Debian based image"));
        String codename = facts.osRelease().versionCodename().strip();
        String arch = facts.config().architecture().isBlank() ? "amd64"
                : BaseSystem.debianArch(facts.config().architecture(), facts.config().variant());
        Map<String, String> links = new TreeMap<>();
        for (String dir : BaseSystem.MERGED_USR_DIRS) {
            String target = facts.rootLinks().get(dir);
            if (target != null) {
                links.put(dir, target);
            }
        }
        return new BaseSystem(status, codename.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(codename), arch, links);
    }
}
