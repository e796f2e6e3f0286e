package dev.odooimage.image;

import java.nio.file.Path;

/**
 * What the client project says about its image, resolved by {@code odoo:prepare-image} from
 * the {@link ImageSettings} and project defaults. {@code null} means "not known".
 *
 * @param user numeric runtime user, {@code uid:gid}
 * @param userName the name given to the process in {@code USER}/{@code LOGNAME}
 * @param workDir the pipeline's work directory ({@code target/odoo})
 * @param reposLock {@code repos.lock.yaml}, digested into a label
 * @param pythonLock {@code requirements.lock.txt}, digested into a label
 * @param odooSeries e.g. {@code 17.0}
 * @param odooBin image path of odoo-bin when it is not the detected one
 * @param path the image's {@code PATH}
 */
public record ImageOptions(Ownership user, String userName, Path workDir, Path reposLock, Path pythonLock,
        String odooSeries, String source, String revision, String version, String title, String odooBin,
        String path) {
}
