package dev.odooimage.repos;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.odooimage.util.Digests;

/**
 * The {@code # content-sha256: <hex>} line of a lock's header: the SHA-256 of everything
 * after it (line ends normalised to LF, so a CRLF checkout still agrees). A YAML comment,
 * so git-aggregator reads the lock as before; any edit below it (two SHAs swapped, a
 * {@code locked-from} comment rewritten) no longer matches, and check-lock says so offline.
 */
public final class LockDigest {
    static final String PREFIX = "# content-sha256: ";
    private static final Pattern LINE = Pattern.compile("(?m)^# content-sha256: ([0-9a-f]{64})\\n");

    /** How a lock's content relates to its digest line. */
    public enum State { MATCHES, ABSENT, EDITED }

    private LockDigest() {
    }

    /** The header line for a lock whose content after it is {@code body}. */
    static String line(String body) {
        return PREFIX + of(body) + "\n";
    }

    static String of(String body) {
        return Digests.sha256Hex(body.replace("\r\n", "\n"));
    }

    public static State state(String lockText) {
        String text = lockText.replace("\r\n", "\n");
        Matcher m = LINE.matcher(text);
        if (!m.find()) {
            return State.ABSENT;
        }
        return m.group(1).equals(of(text.substring(m.end()))) ? State.MATCHES : State.EDITED;
    }

    /** The "!" line check-lock prints for an edited lock, or empty. */
    public static Optional<String> problem(String lockText, String lockName) {
        if (state(lockText) != State.EDITED) {
            return Optional.empty();
        }
        return Optional.of("! " + lockName + ": its content no longer matches the content-sha256 in its header: the"
                + " lock was edited by hand. Restore it from git (git checkout -- " + lockName + ") and change"
                + " repos.yaml instead, or regenerate it with mvn odoo:lock -Dodoo.repos.refreshAll (every ref resolved anew)");
    }
}
