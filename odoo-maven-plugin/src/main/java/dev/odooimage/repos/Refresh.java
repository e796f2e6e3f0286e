package dev.odooimage.repos;

import java.util.ArrayList;
import java.util.List;

import dev.odooimage.util.OdooImageException;

/**
 * What {@code odoo:lock} may move, narrowest first: single merges
 * ({@code -Dodoo.repos.refreshMerge="./odoo nuobit 17.0-hotfix"}), whole aggregates
 * ({@code -Dodoo.repos.refresh=./odoo,./oca/web}) or everything ({@code -Dodoo.repos.refreshAll}).
 * Nothing set means conservative: existing SHAs stay.
 */
public record Refresh(boolean all, List<String> aggregates, List<MergeSelector> merges) {

    /** One merge of one aggregate, as written in repos.yaml. */
    public record MergeSelector(String path, String remote, String ref) {
        /** Parses {@code "<path> <remote> <ref>"}. */
        public static MergeSelector parse(String text) {
            String[] p = text.trim().split("\\s+");
            if (p.length != 3) {
                throw new OdooImageException("odoo.repos.refreshMerge '" + text + "' must be '<aggregate path> <remote> <ref>'"
                        + ", e.g. -Dodoo.repos.refreshMerge=\"./odoo nuobit 17.0-hotfix\".");
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
                // Maven splits "-Dodoo.repos.refresh=./odoo," itself and may hand over null for the empty part.
                for (String part : s == null ? new String[0] : s.split(",")) {
                    if (!part.isBlank()) {
                        aggs.add(part.trim());
                    }
                }
            }
            if (aggs.isEmpty() && !refreshAggregates.isEmpty()) {
                throw new OdooImageException("odoo.repos.refresh is set but names no aggregate: give their paths, e.g."
                        + " -Dodoo.repos.refresh=./odoo,./oca/web, or leave it out (-Dodoo.repos.refreshAll moves everything).");
            }
        }
        List<MergeSelector> merges = new ArrayList<>();
        if (refreshMerges != null) {
            for (String s : refreshMerges) {
                if (s != null && !s.isBlank()) {
                    merges.add(MergeSelector.parse(s));
                }
            }
            if (merges.isEmpty() && !refreshMerges.isEmpty()) {
                throw new OdooImageException("odoo.repos.refreshMerge is set but names no merge: give '<aggregate path>"
                        + " <remote> <ref>', e.g. -Dodoo.repos.refreshMerge=\"./odoo nuobit 17.0-hotfix\", or leave it out.");
            }
        }
        return new Refresh(all, aggs, merges);
    }

    /**
     * {@link #of(boolean, List, List)} for mojo parameters: a property given on the command
     * line but empty ({@code -Dodoo.repos.refreshMerge=}) reaches the mojo as null, like an unset
     * one; {@code userProperties} tells them apart so the empty one is refused, not ignored.
     */
    public static Refresh of(boolean all, List<String> refreshAggregates, List<String> refreshMerges,
            java.util.Properties userProperties) {
        List<String> aggs = refreshAggregates == null && userProperties.containsKey("odoo.repos.refresh")
                ? java.util.Collections.singletonList(userProperties.getProperty("odoo.repos.refresh")) : refreshAggregates;
        List<String> merges = refreshMerges == null && userProperties.containsKey("odoo.repos.refreshMerge")
                ? java.util.Collections.singletonList(userProperties.getProperty("odoo.repos.refreshMerge")) : refreshMerges;
        return of(all, aggs, merges);
    }

    public boolean isNone() {
        return !all && aggregates.isEmpty() && merges.isEmpty();
    }
}
