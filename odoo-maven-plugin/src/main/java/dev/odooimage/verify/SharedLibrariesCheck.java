package dev.odooimage.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.odooimage.system.BaseSystem;
import dev.odooimage.system.DerivedBaseImage;
import dev.odooimage.system.ElfDynamic;
import dev.odooimage.system.ImageTree;
import dev.odooimage.system.LdSoConf;
import dev.odooimage.system.SharedLibraries;

/**
 * {@code shared-libraries}: every ELF file of the venv and of the package layer has each of its
 * {@code DT_NEEDED} libraries where ld.so would look in the final image (RPATH/RUNPATH with
 * {@code $ORIGIN}, so also a wheel's bundled {@code <pkg>.libs}; /etc/ld.so.conf; the default
 * and multiarch directories). Otherwise the miss shows only when Odoo imports the module.
 */
final class SharedLibrariesCheck {
    static final String ID = "shared-libraries";
    static final String TITLE = "every library the venv's and the package layer's ELF files need is in the image";

    private SharedLibrariesCheck() {
    }

    /** Which files odoo:verify reads the dynamic section of: the venv's, and every file of the package layer. */
    static boolean inScope(ImageConfig config, int layer, String path) {
        return path.startsWith(ForbiddenFiles.VENV + "/") || isPackageLayer(config, layer);
    }

    static boolean isPackageLayer(ImageConfig config, int layer) {
        return layer < config.history().size() && config.history().get(layer).startsWith(DerivedBaseImage.COMMENT_PREFIX);
    }

    /** The ld.so.conf files the check reads. */
    static boolean captures(String path) {
        return path.equals(LdSoConf.FILE) || path.startsWith(LdSoConf.FILE + ".d/");
    }

    /**
     * @param providers soname -> Debian package (from the builder's library-providers.properties),
     *                  to name the package to add
     */
    static CheckResult check(ImageSnapshot image, ImageFilesystem fs, Map<String, String> providers) {
        Map<String, ElfDynamic> files = new LinkedHashMap<>();
        for (int i = 0; i < image.elves().size(); i++) {
            for (var e : image.elves().get(i).entrySet()) {
                int layer = i;
                // Only what the container sees: a later layer may replace or delete the file.
                if (fs.entry(e.getKey()).filter(x -> x.layer() == layer).isPresent()) {
                    files.put(e.getKey(), e.getValue());
                }
            }
        }
        if (files.isEmpty()) {
            return CheckResult.skip(ID, TITLE, "no dynamically linked ELF file in " + ForbiddenFiles.VENV
                    + " or in a package layer");
        }
        ImageTree tree = new ImageTree();
        for (LayerEntry e : fs.tree("/")) {
            tree.put(e.path(), e.type() == LayerEntry.Type.FILE || e.type() == LayerEntry.Type.HARDLINK,
                    e.type() == LayerEntry.Type.SYMLINK ? e.link() : null);
        }
        List<String> confDirs = new LdSoConf(fs::readString,
                dir -> fs.children(dir).stream().map(LayerEntry::name).toList()).directories();
        String arch = image.config().architecture().isBlank() ? "amd64"
                : BaseSystem.debianArch(image.config().architecture(), image.config().variant());
        List<SharedLibraries.Miss> misses = new SharedLibraries(tree, SharedLibraries.triplet(arch), confDirs)
                .missing(files);
        if (misses.isEmpty()) {
            return CheckResult.pass(ID, TITLE, files.size() + " ELF file(s) checked, every needed library found");
        }
        List<String> details = new ArrayList<>();
        for (SharedLibraries.Miss m : misses) {
            String pkg = providers.get(m.library());
            details.add(m.file() + ": " + m.library() + " is not found in the image" + (pkg == null ? ""
                    : " (add " + pkg + " to system-runtime-packages.txt)"));
        }
        SharedLibraries.Miss first = misses.get(0);
        String pkg = providers.get(first.library());
        String fix = pkg != null
                ? "add " + pkg + " to system-runtime-packages.txt and run `mvn odoo:system-lock`"
                : "add the Debian package that ships it to system-runtime-packages.txt (`apt-file search "
                        + first.library() + "` names it) and run `mvn odoo:system-lock`";
        return CheckResult.fail(ID, TITLE, misses.size() + " missing librar" + (misses.size() == 1 ? "y" : "ies")
                + ", first " + first.file() + " needs " + first.library() + ", which is not in the image: " + fix,
                details);
    }
}
