package dev.odooimage.python;

/**
 * A requirement as read from a file, with where it came from.
 *
 * @param origin   project-relative file name and line, e.g. {@code odoo/requirements.txt:12}
 * @param text     the line as written (continuations joined, comment removed)
 */
public record RequirementLine(Requirement requirement, String origin, String text) {
}
