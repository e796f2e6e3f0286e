package dev.odooimage.base;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.odooimage.util.OdooImageException;

/**
 * A container image reference as written in a pom ({@code [registry/]repository[:tag][@digest]},
 * optionally with Jib's {@code registry://} prefix), split into the parts the registry API needs.
 * {@link #text()} keeps the spelling the user chose, so a rewrite changes nothing but the digest.
 *
 * @param text       the reference as written (without a {@code registry://} prefix)
 * @param registry   the registry host as written, defaulting to {@code docker.io}
 * @param repository the repository path, with Docker Hub's implicit {@code library/} added
 * @param tag        the tag, or null
 * @param digest     {@code sha256:<64 hex>}, or null
 */
public record ImageReference(String text, String registry, String repository, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";
    private static final String JIB_REGISTRY_PREFIX = "registry://";
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

    /**
     * Parses {@code value}; {@code where} names its origin (file and key) for error messages.
     *
     * @throws OdooImageException when the value is not a registry image reference
     */
    public static ImageReference parse(String value, String where) {
        String text = value == null ? "" : value.trim();
        if (text.startsWith(JIB_REGISTRY_PREFIX)) {
            text = text.substring(JIB_REGISTRY_PREFIX.length());
        }
        if (text.isEmpty()) {
            throw new OdooImageException(where + ": the base image reference is empty; set it to a registry "
                    + "image such as docker.io/library/python:3.10.20-slim-trixie");
        }
        if (text.contains("://")) {
            throw new OdooImageException(where + ": '" + value + "' is not a registry image; only registry "
                    + "images can be pinned by digest (push the image to a registry and reference it there)");
        }
        if (text.contains("${")) {
            throw new OdooImageException(where + ": '" + value + "' contains a Maven expression; write the "
                    + "base image reference literally so that it can be pinned");
        }
        String rest = text;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new OdooImageException(where + ": '" + value + "' has an invalid digest '" + digest
                        + "'; expected sha256: and 64 lower-case hex digits");
            }
        }
        String tag = null;
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new OdooImageException(where + ": '" + value + "' has an invalid tag '" + tag + "'");
            }
        }
        String registry = DOCKER_HUB;
        String repository = rest;
        int first = rest.indexOf('/');
        if (first > 0) {
            String head = rest.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
                registry = head;
                repository = rest.substring(first + 1);
            }
        }
        if (isDockerHub(registry) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        for (String component : repository.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new OdooImageException(where + ": '" + value + "' has an invalid repository name '"
                        + repository + "' (lower-case letters, digits and . _ - separators)");
            }
        }
        if (tag == null && digest == null) {
            throw new OdooImageException(where + ": '" + value + "' names no tag; write the human tag you "
                    + "chose, e.g. " + text + ":3.10.20-slim-trixie, then run mvn odoo:pin-base");
        }
        return new ImageReference(text, registry, repository, tag, digest);
    }

    public boolean isPinned() {
        return digest != null;
    }

    /** The same reference, as the user wrote it, with {@code newDigest} in place of any digest. */
    public ImageReference withDigest(String newDigest) {
        int at = text.indexOf('@');
        String base = at >= 0 ? text.substring(0, at) : text;
        return new ImageReference(base + "@" + newDigest, registry, repository, tag, newDigest);
    }

    /** host[:port] of the registry's HTTP API (Docker Hub's API lives on registry-1.docker.io). */
    public String apiHost() {
        return isDockerHub(registry) ? "registry-1.docker.io" : registry;
    }

    /** Loopback registries (tests, local mirrors) are spoken to over plain http. */
    public boolean isLoopback() {
        String host = registry.toLowerCase(Locale.ROOT);
        Matcher m = Pattern.compile("^(\\[[^]]+]|[^:]+)(?::\\d+)?$").matcher(host);
        String name = m.matches() ? m.group(1) : host;
        return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]");
    }

    static boolean isDockerHub(String registry) {
        return registry.equals(DOCKER_HUB) || registry.equals("index.docker.io")
                || registry.equals("registry-1.docker.io");
    }

    @Override
    public String toString() {
        return text;
    }
}
