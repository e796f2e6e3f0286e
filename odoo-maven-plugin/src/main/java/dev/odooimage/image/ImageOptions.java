package dev.odooimage.image;

import java.nio.file.Path;

import dev.odooimage.contract.ImagePaths;

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

    /** A builder: each setting by name, the defaults below for those not set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        return new Builder().user(user).userName(userName).workDir(workDir).reposLock(reposLock)
                .pythonLock(pythonLock).odooSeries(odooSeries).source(source).revision(revision).version(version)
                .title(title).odooBin(odooBin).path(path);
    }

    /** Settings by name; {@link #build()} makes the immutable ImageOptions. */
    public static final class Builder {
        private Ownership user = Ownership.parse(ImageSettings.DEFAULT_USER, "odoo image user");
        private String userName = ImageSettings.DEFAULT_USER_NAME;
        private Path workDir;
        private Path reposLock;
        private Path pythonLock;
        private String odooSeries;
        private String source;
        private String revision;
        private String version;
        private String title;
        private String odooBin;
        private String path = ImagePaths.DEFAULT_PATH;

        private Builder() {
        }

        public Builder user(Ownership user) {
            this.user = user;
            return this;
        }

        public Builder userName(String userName) {
            this.userName = userName;
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder reposLock(Path reposLock) {
            this.reposLock = reposLock;
            return this;
        }

        public Builder pythonLock(Path pythonLock) {
            this.pythonLock = pythonLock;
            return this;
        }

        public Builder odooSeries(String odooSeries) {
            this.odooSeries = odooSeries;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder revision(String revision) {
            this.revision = revision;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder odooBin(String odooBin) {
            this.odooBin = odooBin;
            return this;
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public ImageOptions build() {
            return new ImageOptions(user, userName, workDir, reposLock, pythonLock, odooSeries, source, revision,
                    version, title, odooBin, path);
        }
    }
}
