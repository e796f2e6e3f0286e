package dev.odooimage.maven;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.maven.plugin.logging.Log;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import dev.odooimage.repos.GitAccess;
import dev.odooimage.util.UrlMask;

/**
 * Git https credentials for odoo:lock and odoo:aggregate: settings.xml servers, decrypted,
 * by id; an id that is a host name (or host:port) serves that host.
 */
final class GitCredentialsFromSettings {
    private GitCredentialsFromSettings() {
    }

    static Map<String, GitAccess.Credentials> read(Settings settings, SettingsDecrypter decrypter, Log log) {
        Map<String, GitAccess.Credentials> out = new LinkedHashMap<>();
        if (settings == null || settings.getServers().isEmpty()) {
            return out;
        }
        SettingsDecryptionResult decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest(settings));
        for (SettingsProblem p : decrypted.getProblems()) {
            log.warn("settings.xml: " + UrlMask.maskText(p.getMessage()));
        }
        for (Server s : decrypted.getServers()) {
            if (s.getId() != null && (s.getUsername() != null || s.getPassword() != null)) {
                out.put(s.getId(), new GitAccess.Credentials(s.getUsername(), s.getPassword()));
            }
        }
        return out;
    }
}
