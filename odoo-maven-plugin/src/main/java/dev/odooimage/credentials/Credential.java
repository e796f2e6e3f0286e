package dev.odooimage.credentials;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A user name and a password or token, for a registry or a git server. {@link #toString()}
 * never shows the secret, so the record can be logged or end up in an exception safely.
 */
public record Credential(String username, String password) {

    /** Finds the credentials for a registry host as written in the image reference. */
    @FunctionalInterface
    public interface Provider {
        Optional<Credential> forRegistry(String registry);

        /**
         * Why no credentials were found for {@code registry} (helpers that failed, where was
         * looked), for the error a registry's refusal raises; empty when there is nothing to say.
         */
        default String explain(String registry) {
            return "";
        }

        Provider NONE = registry -> Optional.empty();
    }

    /** The value of an HTTP {@code Authorization: Basic} header. */
    public String basicHeader() {
        String pair = (username == null ? "" : username) + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credential[username=" + username + ", password=***]";
    }
}
