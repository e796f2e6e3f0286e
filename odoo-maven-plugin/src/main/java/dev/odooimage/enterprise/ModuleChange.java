package dev.odooimage.enterprise;

/**
 * One Enterprise module change of the mirror: one commit when applied.
 *
 * @param module the module name (a top-level directory of the mirror)
 * @param kind   added, changed or removed
 * @param files  files of the module in the bundle (0 when removed)
 * @param reason why, in words (for the report and the commit message)
 * @param commit the commit that made it, or null (dry run)
 */
public record ModuleChange(String module, Kind kind, int files, String reason, String commit) {

    public enum Kind {
        ADDED("[ADD]"), CHANGED("[IMP]"), REMOVED("[REM]");

        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }

        /** Odoo's commit tag for this kind of change. */
        public String tag() {
            return tag;
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    ModuleChange withCommit(String sha) {
        return new ModuleChange(module, kind, files, reason, sha);
    }
}
