package dev.odooimage.credentials;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.odooimage.util.OdooImageException;

/**
 * Registry credentials in the order Jib's build takes them (jib-plugins-common's
 * {@code DefaultCredentialRetrievers}), so a goal that talks to the registry succeeds exactly
 * when the build would: first what the project configures for its base image (Jib's
 * {@code <from><auth>}, then {@code <from><credHelper>}), then the settings.xml
 * {@code <server>} whose id is the registry, then the Docker configurations
 * ({@code $DOCKER_CONFIG/config.json}, {@code ~/.docker/config.json}: credential helpers and
 * {@code auths}). The first that answers wins; the log says which one did, never the secret.
 * Answers are kept per registry, so a helper runs once per goal.
 */
public final class RegistryCredentialChain implements Credential.Provider {
    private String explicitRegistry;
    private Credential explicit;
    private String explicitSource;
    private CredentialHelper explicitHelper;
    private Map<String, SettingsServer> servers = Map.of();
    private List<Path> dockerConfigs = List.of();
    private String searchPath = System.getenv("PATH");
    private Consumer<String> info = s -> { };
    private Consumer<String> warn = s -> { };
    private final Map<String, Optional<Credential>> answers = new ConcurrentHashMap<>();
    private final Map<String, List<String>> failures = new ConcurrentHashMap<>();

    /**
     * Credentials configured for the base image's registry only (Jib's {@code <from><auth>}).
     *
     * @param source where they are configured, for the log
     */
    public RegistryCredentialChain setExplicit(String registry, Credential credential, String source) {
        this.explicitRegistry = registry;
        this.explicit = credential;
        this.explicitSource = source;
        return this;
    }

    /** A credential helper configured for the base image's registry (Jib's {@code <from><credHelper>}). */
    public RegistryCredentialChain setExplicitHelper(String registry, CredentialHelper helper) {
        this.explicitRegistry = registry;
        this.explicitHelper = helper;
        return this;
    }

    /** settings.xml servers by id, decrypted. */
    public RegistryCredentialChain setServers(Map<String, SettingsServer> servers) {
        this.servers = Map.copyOf(servers);
        return this;
    }

    /** Docker configuration files, in the order they are asked; missing files are skipped. */
    public RegistryCredentialChain setDockerConfigs(List<Path> files) {
        this.dockerConfigs = List.copyOf(files);
        return this;
    }

    /** The PATH credential helpers are looked up in (default: this process's). */
    public RegistryCredentialChain setSearchPath(String path) {
        this.searchPath = path;
        return this;
    }

    public RegistryCredentialChain setLog(Consumer<String> info, Consumer<String> warn) {
        this.info = info;
        this.warn = warn;
        return this;
    }

    /** {@code $DOCKER_CONFIG/config.json} when set, then {@code ~/.docker/config.json}, as Jib. */
    public static List<Path> defaultDockerConfigs(String dockerConfigEnv, Path home) {
        List<Path> files = new ArrayList<>();
        if (dockerConfigEnv != null && !dockerConfigEnv.isBlank()) {
            files.add(Path.of(dockerConfigEnv, "config.json"));
        }
        files.add(home.resolve(".docker").resolve("config.json"));
        return files;
    }

    @Override
    public Optional<Credential> forRegistry(String registry) {
        return answers.computeIfAbsent(registry, this::lookup);
    }

    @Override
    public String explain(String registry) {
        List<String> failed = failures.getOrDefault(registry, List.of());
        return failed.isEmpty() ? "" : String.join("; ", failed);
    }

    private Optional<Credential> lookup(String registry) {
        List<String> failed = new ArrayList<>();
        failures.put(registry, failed);
        if (registry.equals(explicitRegistry)) {
            if (explicit != null) {
                return found(registry, explicit, explicitSource);
            }
            if (explicitHelper != null) {
                CredentialHelper.Answer answer = explicitHelper.get(registry, registry, searchPath);
                if (answer.credential().isPresent()) {
                    return found(registry, answer.credential().get(), explicitHelper.command() + " ("
                            + explicitHelper.where() + ")");
                }
                note(failed, answer.failure());
            }
        }
        Optional<Credential> server = fromSettings(registry);
        if (server.isPresent()) {
            return server;
        }
        for (Path file : dockerConfigs) {
            Optional<DockerConfig> config = DockerConfig.read(file);
            if (config.isEmpty()) {
                continue;
            }
            Optional<DockerConfig.Found> hit = config.get().find(registry, searchPath, failed);
            if (hit.isPresent()) {
                failed.forEach(f -> warn.accept(f + "; used the next source"));
                return found(registry, hit.get().credential(), hit.get().source());
            }
        }
        failed.forEach(warn);
        return Optional.empty();
    }

    private void note(List<String> failed, String failure) {
        if (failure != null) {
            failed.add(failure);
        }
    }

    private Optional<Credential> fromSettings(String registry) {
        List<String> ids = DockerConfig.aliases(registry);
        for (String id : ids) {
            SettingsServer server = servers.get(id);
            if (server == null) {
                continue;
            }
            if (server.problem() != null) {
                throw new OdooImageException("settings.xml server '" + id + "': " + server.problem());
            }
            if (server.username() == null || server.password() == null) {
                throw new OdooImageException("settings.xml server '" + id
                        + "' needs both <username> and <password> to authenticate to the registry");
            }
            return found(registry, new Credential(server.username(), server.password()),
                    "settings.xml server '" + id + "'");
        }
        return Optional.empty();
    }

    private Optional<Credential> found(String registry, Credential credential, String source) {
        info.accept("Registry " + registry + ": credentials from " + source);
        return Optional.of(credential);
    }
}
