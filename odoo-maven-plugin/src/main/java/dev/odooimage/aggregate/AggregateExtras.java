package dev.odooimage.aggregate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.UrlMask;

/**
 * An aggregate's {@code patches} and {@code shell_command_after}, as lists. Free of JGit on
 * purpose: the recipe of a no-op {@code odoo:aggregate} names them, and loading the classes that
 * apply or run them ({@link PatchSeries}, {@link ShellCommands}) would load JGit's (its jar is
 * signed: the first class read from it verifies the signature).
 */
final class AggregateExtras {
    private AggregateExtras() {
    }

    /** Every patch file of the aggregate in order, resolved against {@code base}. */
    static List<Path> patchFiles(Object patches, Path base, String aggregate) {
        List<Path> out = new ArrayList<>();
        if (patches == null) {
            return out;
        }
        List<?> items = patches instanceof List<?> l ? l : List.of(patches);
        for (Object o : items) {
            String s = String.valueOf(o).trim();
            if (s.matches("^[a-z]+://.*")) {
                throw new OdooImageException("aggregate " + aggregate + ": patch " + UrlMask.mask(s)
                        + " is a URL; a URL can change under the lock. Download it into the project"
                        + " (e.g. patches/" + s.replaceAll(".*/", "") + ") and list that path instead.");
            }
            Path p = base.resolve(s).normalize();
            if (!Files.isRegularFile(p)) {
                throw new OdooImageException("aggregate " + aggregate + ": patch file " + s + " not found (looked at "
                        + p + "); add it to the project or remove it from 'patches'.");
            }
            out.add(p);
        }
        return out;
    }

    /** The {@code shell_command_after} commands, in order. */
    static List<String> shellCommands(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            l.forEach(o -> out.add(String.valueOf(o)));
        } else if (value != null) {
            out.add(String.valueOf(value));
        }
        return out;
    }
}
