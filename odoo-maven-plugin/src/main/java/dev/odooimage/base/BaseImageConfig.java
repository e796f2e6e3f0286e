package dev.odooimage.base;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.odooimage.util.OdooImageException;

/**
 * The parts of a base image's config (OCI image-spec config.md, Docker's is the same) that
 * the build needs.
 *
 * @param architecture Go-style: {@code amd64}, {@code arm64}, ...
 * @param os           {@code linux}
 * @param variant      {@code v8} for arm64 and the like, or empty
 * @param user         {@code config.User}, empty when the image runs as root by default
 * @param env          {@code config.Env}, {@code NAME=value} strings in order
 * @param workingDir   {@code config.WorkingDir}, or empty
 */
public record BaseImageConfig(String architecture, String os, String variant, String user, List<String> env,
        String workingDir) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public BaseImageConfig {
        env = List.copyOf(env);
    }

    static BaseImageConfig parse(byte[] json, String what) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new OdooImageException("the config of " + what + " is not JSON: " + e.getMessage(), e);
        }
        JsonNode config = root.path("config");
        List<String> env = new ArrayList<>();
        config.path("Env").forEach(v -> env.add(v.asText()));
        return new BaseImageConfig(root.path("architecture").asText(""), root.path("os").asText(""),
                root.path("variant").asText(""), config.path("User").asText(""), env,
                config.path("WorkingDir").asText(""));
    }

    /** The value of environment variable {@code name} in the image's config. */
    public Optional<String> env(String name) {
        for (String e : env) {
            if (e.startsWith(name + "=")) {
                return Optional.of(e.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * The machine name Python and wheel tags use ({@code platform.machine()}): {@code x86_64},
     * {@code aarch64}, ...; the Go name when there is no other.
     */
    public String machine() {
        return switch (architecture) {
            case "amd64" -> "x86_64";
            case "arm64" -> "aarch64";
            case "386" -> "i686";
            case "arm" -> "v7".equals(variant) || variant.isEmpty() ? "armv7l" : "armv6l";
            default -> architecture;
        };
    }
}
