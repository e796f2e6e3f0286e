package dev.odooimage.addons;

import java.util.ArrayList;
import java.util.List;

import dev.odooimage.util.OdooImageException;

/**
 * What a step found, by level. Domain code collects here instead of logging (it knows
 * nothing of Maven); the mojo prints infos and warnings, and all errors are reported
 * together so one build shows every problem at once.
 */
public final class Diagnostics {
    private final List<String> infos = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    public void info(String message) {
        infos.add(message);
    }

    public void warn(String message) {
        warnings.add(message);
    }

    public void error(String message) {
        errors.add(message);
    }

    public List<String> infos() {
        return List.copyOf(infos);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Throws one exception listing every error collected so far, if any. */
    public void throwIfErrors(String headline) {
        if (errors.isEmpty()) {
            return;
        }
        if (errors.size() == 1) {
            throw new OdooImageException(errors.get(0));
        }
        StringBuilder sb = new StringBuilder(headline).append(" (").append(errors.size()).append(" problems):");
        for (String e : errors) {
            sb.append("\n  - ").append(e.replace("\n", "\n    "));
        }
        throw new OdooImageException(sb.toString());
    }
}
