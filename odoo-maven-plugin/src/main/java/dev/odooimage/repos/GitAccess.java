package dev.odooimage.repos;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

import dev.odooimage.credentials.Credential;

/**
 * How JGit reaches remotes: https credentials by host (from Maven's settings.xml
 * {@code <server>} entries, decrypted once by the credentials adapter) and ssh through Apache MINA SSH with
 * the user's {@code ~/.ssh} keys and {@code known_hosts}. Never prompts: without a
 * matching server entry no credentials are offered, and an unknown ssh host key is
 * rejected rather than asked about.
 *
 * <p>{@code credentials} maps a host (or {@code host:port}) to credentials; {@code sshHome}
 * is the home directory whose {@code .ssh} is used (null: JGit's default).
 *
 * <p>Making one is cheap: the JGit and MINA classes it hands out are built in {@link Providers},
 * loaded on first use, so that a no-op {@code odoo:aggregate}, which fetches nothing, does not
 * load them (0.1-0.2 s in a fresh Maven JVM).
 */
public final class GitAccess {
    private final Map<String, Credential> credentials;
    private final Path sshHome;

    public GitAccess(Map<String, Credential> credentials, Path sshHome) {
        this.credentials = Map.copyOf(credentials);
        this.sshHome = sshHome;
    }

    /** No credentials, ssh from the current user's home. */
    public static GitAccess anonymous() {
        return new GitAccess(Map.of(), Path.of(System.getProperty("user.home")));
    }

    /** Configures a JGit command for {@code url}: credentials and the ssh session factory. */
    public <C extends TransportCommand<C, ?>> C configure(C command, String url) {
        command.setCredentialsProvider(credentialsFor(url));
        // Built on first ssh use only: Apache MINA takes a noticeable time to load.
        command.setTransportConfigCallback(t -> {
            if (t instanceof SshTransport st) {
                SshSessionFactory ssh = sshFactory();
                if (ssh != null) {
                    st.setSshSessionFactory(ssh);
                }
            }
        });
        return command;
    }

    /**
     * The provider for {@code url}'s host, or a provider that supplies nothing so that
     * JGit fails fast ("authentication is required") instead of consulting any default.
     */
    CredentialsProvider credentialsFor(String url) {
        return Providers.credentials(lookup(url));
    }

    Credential lookup(String url) {
        try {
            URIish u = new URIish(url);
            String host = u.getHost();
            if (host == null) {
                return null;
            }
            if (u.getPort() > 0 && credentials.containsKey(host + ":" + u.getPort())) {
                return credentials.get(host + ":" + u.getPort());
            }
            return credentials.get(host);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** True when the host of {@code url} has a settings.xml server entry. */
    public boolean hasCredentials(String url) {
        return lookup(url) != null;
    }

    private volatile SshSessionFactory sshFactory;

    private SshSessionFactory sshFactory() {
        if (sshHome == null) {
            return null;
        }
        if (sshFactory == null) {
            synchronized (this) {
                if (sshFactory == null) {
                    sshFactory = Providers.ssh(sshHome.toFile());
                }
            }
        }
        return sshFactory;
    }

    /**
     * The settings.xml {@code <server>} id to suggest for {@code url}: {@code host:port} when
     * the URL has a port (credentials are looked up that way first), else the host.
     */
    public static String serverIdOf(String url) {
        String host = hostOf(url);
        try {
            int port = new URIish(url).getPort();
            return host != null && port > 0 ? host + ":" + port : host;
        } catch (java.net.URISyntaxException e) {
            return host;
        }
    }

    /** The host of {@code url}, or null. */
    public static String hostOf(String url) {
        try {
            return new URIish(url).getHost();
        } catch (java.net.URISyntaxException e) {
            try {
                return URI.create(url).getHost();
            } catch (IllegalArgumentException e2) {
                return null;
            }
        }
    }

    /** The JGit and MINA objects, in their own class so that linking GitAccess loads none of theirs. */
    private static final class Providers {
        private static final CredentialsProvider NO_CREDENTIALS = new CredentialsProvider() {
            @Override
            public boolean isInteractive() {
                return false;
            }

            @Override
            public boolean supports(org.eclipse.jgit.transport.CredentialItem... items) {
                return false;
            }

            @Override
            public boolean get(URIish uri, org.eclipse.jgit.transport.CredentialItem... items) {
                return false;
            }
        };

        static CredentialsProvider credentials(Credential c) {
            if (c == null) {
                return NO_CREDENTIALS;
            }
            return new UsernamePasswordCredentialsProvider(c.username() == null ? "" : c.username(),
                    c.password() == null ? "" : c.password());
        }

        static SshSessionFactory ssh(File home) {
            return new SshdSessionFactoryBuilder().setHomeDirectory(home).setSshDirectory(new File(home, ".ssh"))
                    .build(new JGitKeyCache());
        }
    }
}
