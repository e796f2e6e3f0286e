package dev.odooimage.base;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A user name and password (or token) for one registry. {@link #toString()} never shows
 * the password, so the record can be logged or end up in an exception safely.
 */
public record RegistryCredentials(String username, String password) {

    /** Finds the credentials for a registry host as written in the image reference. */
    @FunctionalInterface
    public interface Provider {
        Optional<RegistryCredentials> forRegistry(String registry);

        Provider NONE = registry -> Optional.empty();
    }

    String basicHeader() {
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=***]";
    }
}
