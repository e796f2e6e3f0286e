package dev.odooimage.python;

/**
 * One PEP 440 version clause ({@code >=3.10}, {@code ==3.*}, {@code ~=1.4}), for markers and
 * installed versions, as {@code packaging}'s {@code Specifier.contains(v, prereleases=True)}
 * decides (what pip check uses).
 */
final class VersionSpecifier {
    private VersionSpecifier() {
    }

    /**
     * Whether {@code candidate} satisfies {@code op spec}; null when the clause is not a
     * version comparison (then the caller compares strings, as packaging does).
     */
    static Boolean tryContains(String op, String spec, String candidate) {
        if ("===".equals(op)) {
            // packaging compares the candidate's normalised form when it is a version (v1.0 is 1.0)
            Pep440Version v = Pep440Version.parseOrNull(candidate);
            return spec.trim().equalsIgnoreCase(v != null ? v.toString() : candidate.trim());
        }
        boolean wildcard = spec.endsWith(".*");
        if (wildcard && !("==".equals(op) || "!=".equals(op))) {
            return null;
        }
        Pep440Version s = Pep440Version.parseOrNull(wildcard ? spec.substring(0, spec.length() - 2) : spec);
        Pep440Version c = Pep440Version.parseOrNull(candidate);
        if (s == null || c == null) {
            return null;
        }
        if (wildcard) {
            boolean prefix = c.withoutLocal().releasePrefix(s.release().size()).equals(s.releasePrefix(s.release()
                    .size()));
            return "==".equals(op) == prefix;
        }
        // A spec without a local label ignores the candidate's; one with a label compares it.
        int cmp = (s.hasLocal() ? c : c.withoutLocal()).compareTo(s);
        boolean sameBase = c.baseVersion().compareTo(s.baseVersion()) == 0;
        return switch (op) {
            case "==" -> cmp == 0;
            case "!=" -> cmp != 0;
            // PEP 440's exclusive ordering: <2.0 excludes 2.0's pre-releases (2.0rc1) unless the
            // spec is one itself; >1.0 excludes 1.0's post-releases and local versions.
            case "<" -> cmp < 0 && !(sameBase && c.isPrerelease() && !s.isPrerelease());
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0 && !(sameBase && c.isPostrelease() && !s.isPostrelease())
                    && !(sameBase && c.hasLocal());
            case ">=" -> cmp >= 0;
            case "~=" -> {
                if (s.release().size() < 2) {
                    yield null;
                }
                Pep440Version prefix = s.releasePrefix(s.release().size() - 1);
                yield cmp >= 0 && c.releasePrefix(prefix.release().size()).equals(prefix);
            }
            default -> null;
        };
    }
}
