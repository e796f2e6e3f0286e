package dev.odooimage.repos;

import java.util.ArrayList;
import java.util.List;

import dev.odooimage.util.OdooImageException;

/**
 * What {@code odoo:lock} may move, narrowest first: single merges
 * ({@code -Dodoo.refreshMerge="./odoo nuobit 17.0-hotfix"}), whole aggregates
 * ({@code -Dodoo.refresh=./odoo,./oca/web}) or everything ({@code -Dodoo.refreshAll}).
 * Nothing set means conservative: existing SHAs stay.
 */
public record Refresh(boolean all, List<String> aggregates, List<MergeSelector> merges) {

    /** One merge of one aggregate, as written in repos.yaml. */
    public record MergeSelector(String path, String remote, String ref) {
        /** Parses {@code "<path> <remote> <ref>"}. */
        public static MergeSelector parse(String text) {
            String[] p = text.trim().split("\\s+");
            if (p.length != 3) {
                throw new OdooImageException("odoo.refreshMerge '" + text + "' must be '<aggregate path> <remote> <ref>'"
                        + ", e.g. -Dodoo.refreshMerge=\"./odoo nuobit 17.0-hotfix\".");
            }
            return new MergeSelector(p[0], p[1], p[2]);
        }

        @Override
        public String toString() {
            return path + " " + remote + " " + ref;
        }
    }

    public Refresh {
        aggregates = List.copyOf(aggregates);
        merges = List.copyOf(merges);
    }

    public static Refresh none() {
        return new Refresh(false, List.of(), List.of());
    }

    /**
     * From mojo parameters: {@code refreshAggregates} entries may themselves be
     * comma-separated; {@code refreshMerges} entries are one merge each (a comma inside
     * a branch name is legal git, so merges are not split).
     */
    public static Refresh of(boolean all, List<String> refreshAggregates, List<String> refreshMerges) {
        List<String> aggs = new ArrayList<>();
        if (refreshAggregates != null) {
            for (String s : refreshAggregates) {
                for (String part : s.split(",")) {
                    if (!part.isBlank()) {
                        aggs.add(part.trim());
                    }
                }
            }
        }
        List<MergeSelector> merges = new ArrayList<>();
        if (refreshMerges != null) {
            for (String s : refreshMerges) {
                if (!s.isBlank()) {
                    merges.add(MergeSelector.parse(s));
                }
            }
        }
        return new Refresh(all, aggs, merges);
    }

    public boolean isNone() {
        return !all && aggregates.isEmpty() && merges.isEmpty();
    }
}
