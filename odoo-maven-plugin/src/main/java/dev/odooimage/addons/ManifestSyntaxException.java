package dev.odooimage.addons;

import dev.odooimage.util.OdooImageException;

/**
 * A manifest that is not a plain Python literal, or whose keys have the wrong type.
 * The message starts with {@code file:line:column:} like a compiler error, so IDEs and
 * CI logs link straight to the spot.
 */
public class ManifestSyntaxException extends OdooImageException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;

    public ManifestSyntaxException(String file, int line, int column, String message) {
        super(file + ":" + line + ":" + column + ": " + message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
