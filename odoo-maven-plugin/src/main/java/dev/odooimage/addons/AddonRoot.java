package dev.odooimage.addons;

import java.nio.file.Path;

/**
 * One entry of addons_path.
 *
 * @param aggregate the lock's aggregate relative path this root belongs to (e.g. {@code oca/web})
 * @param dir       the directory in the materialised source tree
 * @param relative  {@code dir} relative to the source tree, with forward slashes
 * @param kind      why this directory is a root
 */
public record AddonRoot(String aggregate, Path dir, String relative, Kind kind) {

    public enum Kind {
        /** {@code <odoo>/odoo/addons}: Odoo's core addons (base, web, ...). */
        ODOO_CORE,
        /** {@code <odoo>/addons}: the rest of Odoo Community. */
        ODOO_ADDONS,
        /** The repository directory holds addons directly (the normal case). */
        REPOSITORY,
        /** Addons found in a sub-folder of the repository (compatibility layout). */
        NESTED,
        /** The folder holding one or more single-addon repositories. */
        SINGLE_ADDON_PARENT,
        /** A locked repository with no addon yet: kept so its first module needs no path change. */
        EMPTY
    }

    /** The path Odoo sees in the image. */
    public String imagePath(String imageSourceRoot) {
        String root = imageSourceRoot.endsWith("/") ? imageSourceRoot.substring(0, imageSourceRoot.length() - 1)
                : imageSourceRoot;
        return relative.isEmpty() ? root : root + "/" + relative;
    }
}
