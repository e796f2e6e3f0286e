package dev.odooimage.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.util.OdooImageException;

/**
 * A Docker client configuration ({@code ~/.docker/config.json}, {@code $DOCKER_CONFIG/config.json}):
 * {@code auths}, {@code credsStore} and {@code credHelpers}, read with Jib's rules (jib-core 0.28,
 * the core of jib-maven-plugin 3.5: {@code DockerConfig}, {@code DockerConfigCredentialRetriever},
 * {@code RegistryAliasGroup}): for each alias of the registry (Docker Hub has four), first the
 * credential helper ({@code credHelpers} entry, else {@code credsStore}), then the {@code auths}
 * entry; keys match as {@code host}, {@code https://host}, {@code host/...}, {@code https://host/...};
 * field names in any case. A helper that fails does not stop the search (as in Jib); its failure
 * is kept for the error a refusing registry raises.
 */
public final class DockerConfig {
    /** Docker Hub's names (moby/moby#28100), as Jib groups them. */
    private static final List<String> DOCKER_HUB = List.of("registry.hub.docker.com", "index.docker.io",
            "registry-1.docker.io", "docker.io");
    private static final String IDENTITY_TOKEN_USER = "00000000-0000-0000-0000-000000000000";

    private final Path file;
    private final Map<String, JsonNode> auths;
    private final String credsStore;
    private final Map<String, String> credHelpers;

    private DockerConfig(Path file, Map<String, JsonNode> auths, String credsStore, Map<String, String> credHelpers) {
        this.file = file;
        this.auths = auths;
        this.credsStore = credsStore;
        this.credHelpers = credHelpers;
    }

    /** Reads {@code file}; empty when it does not exist. Malformed JSON fails naming the file. */
    public static Optional<DockerConfig> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the file's text (a secret): only the position is shown.
            var at = e.getLocation();
            throw new OdooImageException("Docker config " + file + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": fix it (docker login rewrites it) or point DOCKER_CONFIG elsewhere");
        } catch (IOException e) {
            throw new OdooImageException("cannot read Docker config " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new OdooImageException("Docker config " + file + " is not a JSON object: fix it (docker login"
                    + " rewrites it) or point DOCKER_CONFIG elsewhere");
        }
        Map<String, JsonNode> auths = new LinkedHashMap<>();
        JsonNode a = field(root, "auths");
        if (a != null && a.isObject()) {
            a.fields().forEachRemaining(e -> auths.put(e.getKey(), e.getValue()));
        }
        Map<String, String> helpers = new LinkedHashMap<>();
        JsonNode h = field(root, "credHelpers");
        if (h != null && h.isObject()) {
            h.fields().forEachRemaining(e -> helpers.put(e.getKey(), e.getValue().asText()));
        }
        JsonNode store = field(root, "credsStore");
        return Optional.of(new DockerConfig(file, auths,
                store == null || store.isNull() || store.asText().isBlank() ? null : store.asText(), helpers));
    }

    public Path file() {
        return file;
    }

    /**
     * The credentials this configuration gives {@code registry}, with where they came from
     * ({@code credential helper docker-credential-pass}, {@code auths of FILE}). Helper failures
     * go to {@code failures}.
     */
    public Optional<Found> find(String registry, String searchPath, List<String> failures) {
        for (String alias : aliases(registry)) {
            Map.Entry<String, String> helperEntry = first(credHelpers, alias);
            CredentialHelper helper = null;
            String serverUrl = alias;
            if (helperEntry != null) {
                helper = new CredentialHelper(helperEntry.getValue(), "credHelpers \"" + helperEntry.getKey()
                        + "\" of " + file);
                serverUrl = helperEntry.getKey();
            } else if (credsStore != null) {
                helper = new CredentialHelper(credsStore, "credsStore of " + file);
            }
            if (helper != null) {
                CredentialHelper.Answer answer = helper.get(serverUrl, registry, searchPath);
                if (answer.credential().isPresent()) {
                    return Optional.of(new Found(answer.credential().get(), helper.command() + " (" + helper.where()
                            + ")"));
                }
                if (answer.failure() != null) {
                    failures.add(answer.failure());
                }
            }
            Map.Entry<String, JsonNode> auth = first(auths, alias);
            if (auth != null) {
                Optional<Credential> c = decode(auth.getKey(), auth.getValue());
                if (c.isPresent()) {
                    return Optional.of(new Found(c.get(), "auths \"" + auth.getKey() + "\" of " + file));
                }
            }
        }
        return Optional.empty();
    }

    /** Credentials and the source that gave them, for the log. */
    public record Found(Credential credential, String source) {
    }

    private Optional<Credential> decode(String key, JsonNode entry) {
        String encoded = text(entry, "auth");
        if (encoded != null && !encoded.isEmpty()) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new OdooImageException("Docker config " + file + ": auths \"" + key + "\" has an \"auth\" that is"
                        + " not base64: write base64 of user:password there (docker login does)");
            }
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new OdooImageException("Docker config " + file + ": auths \"" + key + "\" has an \"auth\" that is"
                        + " not base64 of user:password (no ':' after decoding): log in again (docker login)");
            }
            String user = pair.substring(0, colon);
            String password = pair.substring(colon + 1);
            String identityToken = text(entry, "identitytoken");
            if (identityToken != null && user.equals(IDENTITY_TOKEN_USER) && password.isEmpty()) {
                return Optional.of(new Credential("<token>", identityToken)); // Jib's OAUTH2_TOKEN_USER_NAME
            }
            return Optional.of(new Credential(user, password));
        }
        String user = text(entry, "username");
        String password = text(entry, "password");
        return user != null && password != null ? Optional.of(new Credential(user, password)) : Optional.empty();
    }

    /** The registry first, then its other names (Docker Hub), as Jib's RegistryAliasGroup. */
    static List<String> aliases(String registry) {
        List<String> out = new ArrayList<>(List.of(registry));
        if (DOCKER_HUB.contains(registry)) {
            DOCKER_HUB.stream().filter(a -> !a.equals(registry)).forEach(out::add);
        }
        return out;
    }

    private static <T> Map.Entry<String, T> first(Map<String, T> map, String registry) {
        List<Predicate<String>> matchers = List.of(registry::equals, ("https://" + registry)::equals,
                k -> k.startsWith(registry + "/"), k -> k.startsWith("https://" + registry + "/"));
        for (Predicate<String> m : matchers) {
            for (Map.Entry<String, T> e : map.entrySet()) {
                if (m.test(e.getKey())) {
                    return e;
                }
            }
        }
        return null;
    }

    /** A field by name in any case, as Jib's mapper reads them (identityToken, IdentityToken...). */
    private static JsonNode field(JsonNode node, String name) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (f.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return node.get(f);
            }
        }
        return null;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node == null || !node.isObject() ? null : field(node, name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
