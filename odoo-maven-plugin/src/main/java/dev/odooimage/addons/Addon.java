package dev.odooimage.addons;

import java.nio.file.Path;

/**
 * One addon found on the addons path.
 *
 * @param name      technical name (the directory name)
 * @param dir       its directory in the materialised source tree
 * @param relative  {@code dir} relative to the source tree, forward slashes
 * @param aggregate the repository (aggregate relative path) it comes from
 * @param root      the addons_path entry it was found in
 * @param manifest  its parsed manifest
 */
public record Addon(String name, Path dir, String relative, String aggregate, AddonRoot root, Manifest manifest) {

    public String imagePath(String imageSourceRoot) {
        String root = imageSourceRoot.endsWith("/") ? imageSourceRoot.substring(0, imageSourceRoot.length() - 1)
                : imageSourceRoot;
        return root + "/" + relative;
    }
}
