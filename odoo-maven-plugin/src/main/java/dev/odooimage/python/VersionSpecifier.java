package dev.odooimage.python;

/** One PEP 440 version clause ({@code >=3.10}, {@code ==3.*}, {@code ~=1.4}), for markers. */
final class VersionSpecifier {
    private VersionSpecifier() {
    }

    /**
     * Whether {@code candidate} satisfies {@code op spec}; null when the clause is not a
     * version comparison (then the caller compares strings, as packaging does).
     */
    static Boolean tryContains(String op, String spec, String candidate) {
        if ("===".equals(op)) {
            return spec.trim().equalsIgnoreCase(candidate.trim());
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
        int cmp = c.withoutLocal().compareTo(s);
        return switch (op) {
            case "==" -> cmp == 0;
            case "!=" -> cmp != 0;
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
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
