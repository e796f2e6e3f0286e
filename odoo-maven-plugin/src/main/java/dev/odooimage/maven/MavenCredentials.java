package dev.odooimage.maven;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.maven.plugin.logging.Log;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import dev.odooimage.base.BaseReference;
import dev.odooimage.base.ImageReference;
import dev.odooimage.credentials.Credential;
import dev.odooimage.credentials.CredentialHelper;
import dev.odooimage.credentials.RegistryCredentialChain;
import dev.odooimage.credentials.SettingsServer;
import dev.odooimage.image.JibFrom;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.UrlMask;

/**
 * The Maven side of the credentials (the one place settings.xml is decrypted): every
 * {@code <server>} decrypted once with Maven's {@link SettingsDecrypter}, handed to the domain
 * as {@link SettingsServer}s; the registry chain of the goals that read the base image, with
 * Jib's {@code <from>} credentials and the Docker configurations; git https credentials by host
 * for lock, aggregate and the Enterprise import; the values the secret scan looks for.
 */
final class MavenCredentials {
    private final Map<String, SettingsServer> servers;
    private final Log log;

    private MavenCredentials(Map<String, SettingsServer> servers, Log log) {
        this.servers = servers;
        this.log = log;
    }

    /** Decrypts every server of {@code settings} (Maven's master password, settings-security.xml). */
    static MavenCredentials of(Settings settings, SettingsDecrypter decrypter, Log log) {
        Map<String, SettingsServer> servers = new LinkedHashMap<>();
        if (settings != null) {
            for (Server raw : settings.getServers()) {
                if (raw.getId() == null) {
                    continue;
                }
                Server plain = raw;
                String problem = null;
                if (decrypter != null) {
                    SettingsDecryptionResult r = decrypter.decrypt(new DefaultSettingsDecryptionRequest(raw));
                    for (SettingsProblem p : r.getProblems()) {
                        if (p.getSeverity() == SettingsProblem.Severity.WARNING) {
                            log.warn("settings.xml server '" + raw.getId() + "': " + UrlMask.maskText(p.getMessage()));
                        } else if (problem == null) {
                            problem = UrlMask.maskText(p.getMessage());
                        }
                    }
                    if (r.getServer() != null) {
                        plain = r.getServer();
                    }
                }
                servers.putIfAbsent(raw.getId(), new SettingsServer(raw.getId(), plain.getUsername(),
                        plain.getPassword(), plain.getPassphrase(), raw.getPassword(), raw.getPassphrase(), problem));
            }
        }
        return new MavenCredentials(Map.copyOf(servers), log);
    }

    /** Git https credentials by host ({@code <server>} id = host or host:port). */
    Map<String, Credential> git() {
        Map<String, Credential> out = new LinkedHashMap<>();
        for (SettingsServer s : servers.values()) {
            if (s.problem() != null) {
                log.warn("settings.xml server '" + s.id() + "' is not used for git: " + s.problem());
            } else if (s.hasCredentials()) {
                out.put(s.id(), new Credential(s.username(), s.password()));
            }
        }
        return out;
    }

    /**
     * The registry credentials in Jib's order; Jib's {@code <from>} credentials apply to the
     * registry of {@code base} (null: none known).
     */
    RegistryCredentialChain registries(JibFrom jib, BaseReference base) {
        RegistryCredentialChain chain = new RegistryCredentialChain()
                .setServers(servers)
                .setDockerConfigs(RegistryCredentialChain.defaultDockerConfigs(System.getenv("DOCKER_CONFIG"),
                        Path.of(System.getProperty("user.home"))))
                .setLog(log::info, log::warn);
        String registry = base == null ? null : registryOf(base.reference());
        if (registry != null && jib != null) {
            if (jib.authUsername() != null || jib.authPassword() != null) {
                if (jib.authUsername() == null || jib.authPassword() == null) {
                    throw new OdooImageException("Jib's <from><auth> (or jib.from.auth.username/password) sets only"
                            + " one of username and password: set both, or neither");
                }
                chain.setExplicit(registry, new Credential(jib.authUsername(), jib.authPassword()),
                        "Jib's <from><auth>");
            } else if (jib.credHelper() != null) {
                chain.setExplicitHelper(registry, new CredentialHelper(jib.credHelper(), "Jib's <from><credHelper>"));
            }
        }
        return chain;
    }

    /** Every settings.xml password and passphrase, as written and decrypted, labelled by server. */
    List<Map.Entry<String, String>> secrets() {
        return servers.values().stream().flatMap(s -> List.of(
                Map.entry("settings.xml server '" + s.id() + "' password", nz(s.rawPassword())),
                Map.entry("settings.xml server '" + s.id() + "' passphrase", nz(s.rawPassphrase())),
                Map.entry("settings.xml server '" + s.id() + "' password", nz(s.password())),
                Map.entry("settings.xml server '" + s.id() + "' passphrase", nz(s.passphrase()))).stream())
                .filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toList());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String registryOf(String reference) {
        if (reference.startsWith("tar://") || reference.startsWith("docker://")) {
            return null;
        }
        try {
            return ImageReference.parse(reference.startsWith("registry://")
                    ? reference.substring("registry://".length()) : reference, "base image").registry();
        } catch (OdooImageException e) {
            return null;
        }
    }
}
