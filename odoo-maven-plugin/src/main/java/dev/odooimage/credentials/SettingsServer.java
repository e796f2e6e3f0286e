package dev.odooimage.credentials;

/**
 * A {@code <server>} of Maven's settings.xml as the Maven adapter decrypted it (the domain
 * never sees Maven's types). {@code problem} is set when decryption failed: then the values
 * are not usable and a lookup that needs them fails naming the server.
 *
 * @param rawPassword   the password as written (perhaps {@code {encrypted}}), for the secret scan
 * @param rawPassphrase the passphrase as written
 */
public record SettingsServer(String id, String username, String password, String passphrase, String rawPassword,
        String rawPassphrase, String problem) {

    /** A plain server (tests, or settings without encryption). */
    public static SettingsServer plain(String id, String username, String password) {
        return new SettingsServer(id, username, password, null, password, null, null);
    }

    public boolean hasCredentials() {
        return username != null || password != null;
    }

    @Override
    public String toString() {
        return "SettingsServer[" + id + ", " + username + ", ***]";
    }
}
