package dev.odooimage.repos;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LsRemoteCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.UrlMask;

/**
 * Lists a remote's refs with JGit's {@code ls-remote} (no clone, no working tree), with a
 * bounded retry for transient network failures. Errors never show URL credentials.
 */
public final class LsRemote implements RefLister {

    private final GitAccess access;
    private final int attempts;
    private final long backoffMillis;

    public LsRemote(GitAccess access, int attempts, long backoffMillis) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
        this.access = access;
        this.attempts = attempts;
        this.backoffMillis = backoffMillis;
    }

    public LsRemote(GitAccess access) {
        this(access, 3, 1000);
    }

    @Override
    public RemoteRefs list(String url) {
        Exception last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return new RemoteRefs(url, peeled(access.configure(Git.lsRemoteRepository(), url).setRemote(url)));
            } catch (InvalidRemoteException e) {
                throw unreachable(url, e, 1);
            } catch (TransportException e) {
                last = e;
                if (!transient_(e)) {
                    throw unreachable(url, e, attempt);
                }
            } catch (GitAPIException | RuntimeException e) {
                last = e;
            }
            if (attempt < attempts) {
                sleep(backoffMillis * attempt);
            }
        }
        throw unreachable(url, last, attempts);
    }

    private static Map<String, String> peeled(LsRemoteCommand command) throws GitAPIException {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, Ref> e : command.callAsMap().entrySet()) {
            Ref ref = e.getValue();
            // An annotated tag's own id is the tag object; what gets checked out is the commit.
            ObjectId id = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
            if (id != null) {
                out.put(e.getKey(), id.name());
            }
        }
        return out;
    }

    /** Missing repositories and refused credentials do not get better by retrying. */
    private static boolean transient_(TransportException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoRemoteRepositoryException) {
                return false;
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("not authorized") || m.contains("authentication") || m.contains("auth fail")
                    || m.contains("not found") || m.contains("host key") || m.contains("no credentialsprovider")
                    || m.contains("server key did not validate") || m.contains("cannot log in")) {
                return false;
            }
        }
        return true;
    }

    private OdooImageException unreachable(String url, Exception e, int tried) {
        String masked = UrlMask.mask(url);
        String reason = e == null ? "unknown error" : UrlMask.maskText(rootMessage(e));
        String hint;
        if (url.startsWith("http")) {
            hint = "Check the URL; for a private repository add a <server> with <id>" + GitAccess.serverIdOf(url)
                    + "</id>, <username> and <password> (a token) to ~/.m2/settings.xml.";
        } else if (url.contains("@") || url.startsWith("ssh:")) {
            hint = "Check the URL, that your key (in ~/.ssh, or in ssh-agent: a key with a passphrase must be "
                    + "loaded with ssh-add, nothing prompts) is authorized and that the host is in ~/.ssh/known_hosts (ssh-keyscan "
                    + keyscanTarget(url) + " >> ~/.ssh/known_hosts).";
        } else {
            hint = "Check the URL and that the repository exists.";
        }
        return new OdooImageException("cannot list refs of " + masked + " (" + tried + " attempt"
                + (tried == 1 ? "" : "s") + "): " + reason + ". " + hint, null);
    }

    private static String keyscanTarget(String url) {
        try {
            org.eclipse.jgit.transport.URIish u = new org.eclipse.jgit.transport.URIish(url);
            return (u.getPort() > 0 && u.getPort() != 22 ? "-p " + u.getPort() + " " : "") + u.getHost();
        } catch (java.net.URISyntaxException e) {
            return GitAccess.hostOf(url);
        }
    }

    private static String rootMessage(Throwable e) {
        String msg = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && (msg == null || !msg.contains(t.getMessage()))) {
                msg = (msg == null ? "" : msg + ": ") + t.getMessage();
            }
        }
        return msg;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooImageException("interrupted while waiting to retry ls-remote", e);
        }
    }
}
