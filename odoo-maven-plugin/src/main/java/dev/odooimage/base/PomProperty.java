package dev.odooimage.base;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.odooimage.util.OdooImageException;

/**
 * One {@code <name>value</name>} element located in a pom's text, so that its value can
 * be replaced without touching anything else (formatting, comments, other properties).
 * Commented-out elements are ignored; more than one live element is an error, because
 * rewriting one would leave the other unpinned.
 *
 * @param start offset of the first character of the trimmed value
 * @param end   offset after its last character
 * @param line  1-based line of the value, for messages
 */
public record PomProperty(String name, String value, int start, int end, int line) {

    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

    public static PomProperty find(String pomText, String name, Path pom) {
        String masked = maskComments(pomText);
        Pattern element = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">");
        Matcher m = element.matcher(masked);
        List<PomProperty> found = new ArrayList<>();
        while (m.find()) {
            String raw = m.group(1);
            int lead = raw.length() - raw.stripLeading().length();
            int start = m.start(1) + lead;
            int end = start + raw.strip().length();
            found.add(new PomProperty(name, pomText.substring(start, end), start, end, lineOf(pomText, start)));
        }
        if (found.isEmpty()) {
            throw new OdooImageException(pom + ": no <" + name + "> property; add <" + name
                    + ">registry/repository:tag</" + name + "> to <properties> and use ${" + name
                    + "} as Jib's <from><image> (the archetype's pom does)");
        }
        if (found.size() > 1) {
            StringBuilder lines = new StringBuilder();
            for (PomProperty p : found) {
                lines.append(lines.length() == 0 ? "" : ", ").append(p.line());
            }
            throw new OdooImageException(pom + ": <" + name + "> is set " + found.size() + " times (lines " + lines
                    + "); keep one, so that pinning it pins the image the build uses");
        }
        return found.get(0);
    }

    /** The pom text with this element's value replaced by {@code newValue}. */
    public String replaceIn(String pomText, String newValue) {
        return pomText.substring(0, start) + newValue + pomText.substring(end);
    }

    /** Same length and line structure, comments blanked out. */
    private static String maskComments(String text) {
        StringBuilder out = new StringBuilder(text);
        Matcher m = COMMENT.matcher(text);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                if (out.charAt(i) != '\n') {
                    out.setCharAt(i, ' ');
                }
            }
        }
        return out.toString();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
