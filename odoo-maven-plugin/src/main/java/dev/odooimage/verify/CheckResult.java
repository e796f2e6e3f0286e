package dev.odooimage.verify;

import java.util.List;

/**
 * The outcome of one check.
 *
 * @param id      stable identifier ("non-root-user"), used in reports and by CI
 * @param title   what was checked, in words
 * @param status  pass, fail or skipped
 * @param message one line: why it failed / was skipped, or what passed
 * @param details the offending paths, packages or labels (bounded), or notes
 */
public record CheckResult(String id, String title, Status status, String message, List<String> details) {

    public enum Status { PASS, FAIL, SKIP }

    /** At most this many details are kept per check, so a report stays readable. */
    public static final int MAX_DETAILS = 50;

    public CheckResult {
        details = details.size() > MAX_DETAILS
                ? java.util.stream.Stream.concat(details.stream().limit(MAX_DETAILS),
                        java.util.stream.Stream.of("... and " + (details.size() - MAX_DETAILS) + " more")).toList()
                : List.copyOf(details);
    }

    public static CheckResult pass(String id, String title, String message, List<String> details) {
        return new CheckResult(id, title, Status.PASS, message, details);
    }

    public static CheckResult pass(String id, String title, String message) {
        return pass(id, title, message, List.of());
    }

    public static CheckResult fail(String id, String title, String message, List<String> details) {
        return new CheckResult(id, title, Status.FAIL, message, details);
    }

    public static CheckResult fail(String id, String title, String message) {
        return fail(id, title, message, List.of());
    }

    public static CheckResult skip(String id, String title, String message) {
        return new CheckResult(id, title, Status.SKIP, message, List.of());
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
