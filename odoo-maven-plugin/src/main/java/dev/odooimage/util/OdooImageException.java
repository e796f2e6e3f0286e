package dev.odooimage.util;

/**
 * A failure caused by the user's input or environment, with a message that names the
 * file, line or key involved and says what to do. Mojos turn it into a build failure
 * without a stack trace.
 */
public class OdooImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OdooImageException(String message) {
        super(message);
    }

    public OdooImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
