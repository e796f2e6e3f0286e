package dev.odooimage.repos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

/**
 * ssh remotes through JGit's Apache MINA SSH client, against a real SSH server (Apache
 * MINA sshd on 127.0.0.1 running the real {@code git upload-pack}), with a key pair made by
 * {@code ssh-keygen} in a throw-away home's {@code .ssh} and its {@code known_hosts}.
 */
class SshAccessTest {

    @TempDir
    Path tmp;
    SshServer sshd;
    GitRepos.Repo repo;
    Path home;
    Path served;

    @BeforeEach
    void start() throws Exception {
        served = tmp.resolve("served");
        repo = new GitRepos(served).create("odoo", "17.0");
        home = Files.createDirectories(tmp.resolve("home"));
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "test",
                "-f", ssh.resolve("id_ecdsa").toString()).redirectErrorStream(true).start();
        assertEquals(0, keygen.waitFor(), new String(keygen.getInputStream().readAllBytes()));

        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(tmp.resolve("hostkey.ser"));
        hostKeys.setAlgorithm("EC");
        sshd.setKeyPairProvider(hostKeys);
        Path authorized = Files.copy(ssh.resolve("id_ecdsa.pub"), tmp.resolve("authorized_keys"));
        sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorized));
        sshd.setCommandFactory((channel, command) -> {
            // JGit sends: git-upload-pack '/odoo'
            List<String> parts = org.apache.sshd.server.command.CommandFactory.split(command);
            String dir = served.resolve(parts.get(1).replace("'", "").replaceFirst("^/", "")).toString();
            return new ProcessShellFactory(command, List.of("git", "upload-pack", dir)).createShell(channel);
        });
        sshd.start();
    }

    @AfterEach
    void stop() throws Exception {
        sshd.stop(true);
        repo.close();
    }

    String url() {
        return "ssh://git@127.0.0.1:" + sshd.getPort() + "/odoo";
    }

    void trustServer() throws Exception {
        PublicKey key = sshd.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
        Files.writeString(home.resolve(".ssh/known_hosts"),
                "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(key) + "\n");
    }

    @Test
    void listsRefsWithUserKeyAndKnownHosts() throws Exception {
        trustServer();
        RemoteRefs refs = new LsRemote(new GitAccess(Map.of(), home), 1, 0).list(url());
        assertEquals(repo.head("17.0"), refs.resolve("17.0", "test"));
    }

    @Test
    void usesKeysHeldByAnSshAgent() throws Exception {
        trustServer();
        Path sock = tmp.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString()).redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(sock); i++) {
                Thread.sleep(50);
            }
            ProcessBuilder add = new ProcessBuilder("ssh-add", home.resolve(".ssh/id_ecdsa").toString())
                    .redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", sock.toString());
            Process p = add.start();
            assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
            // Only the agent holds the key now, as with a passphrase-protected key unlocked in the agent.
            Files.delete(home.resolve(".ssh/id_ecdsa"));
            Files.delete(home.resolve(".ssh/id_ecdsa.pub"));
            Files.writeString(home.resolve(".ssh/config"), "Host 127.0.0.1\n  IdentityAgent " + sock + "\n");
            RemoteRefs refs = new LsRemote(new GitAccess(Map.of(), home), 1, 0).list(url());
            assertEquals(repo.head("17.0"), refs.resolve("17.0", "test"));
        } finally {
            agent.destroy();
            agent.waitFor();
        }
    }

    @Test
    void passphraseProtectedKeyWithoutAgentFailsInsteadOfPrompting() throws Exception {
        trustServer();
        Path ssh = home.resolve(".ssh");
        Files.delete(ssh.resolve("id_ecdsa"));
        Files.delete(ssh.resolve("id_ecdsa.pub"));
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "a passphrase",
                "-C", "locked", "-f", ssh.resolve("id_ecdsa").toString()).redirectErrorStream(true).start();
        assertEquals(0, keygen.waitFor());
        Files.writeString(tmp.resolve("authorized_keys"), Files.readString(ssh.resolve("id_ecdsa.pub")),
                java.nio.file.StandardOpenOption.APPEND);
        String msg = assertThrows(OdooImageException.class,
                () -> new LsRemote(new GitAccess(Map.of(), home), 3, 10).list(url())).getMessage();
        assertTrue(msg.contains("(1 attempt)") && msg.contains("ssh-add"), msg);
    }

    @Test
    void unknownHostKeyIsRejectedWithoutPrompting() {
        String msg = assertThrows(OdooImageException.class,
                () -> new LsRemote(new GitAccess(Map.of(), home), 3, 10).list(url())).getMessage();
        assertTrue(msg.contains("known_hosts") && msg.contains("ssh-keyscan -p " + sshd.getPort() + " 127.0.0.1"), msg);
        assertTrue(msg.contains("(1 attempt)"), "a rejected host key is not retried: " + msg);
    }

    @Test
    void keyNotAuthorizedFails() throws Exception {
        trustServer();
        Files.delete(home.resolve(".ssh/id_ecdsa"));
        Files.delete(home.resolve(".ssh/id_ecdsa.pub"));
        String msg = assertThrows(OdooImageException.class,
                () -> new LsRemote(new GitAccess(Map.of(), home), 2, 10).list(url())).getMessage();
        assertTrue(msg.contains("cannot list refs of " + url()), msg);
    }
}
