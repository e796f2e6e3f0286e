package dev.odooimage.repos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import dev.odooimage.credentials.Credential;
import dev.odooimage.util.OdooImageException;

/**
 * Private repositories over smart HTTP: the real {@code git http-backend} behind a small
 * HTTP server that demands Basic authentication. Credentials are found by host (as a
 * settings.xml server id), never prompted for, and never printed.
 */
class HttpCredentialsTest {

    static final String USER = "deploy-bot";
    static final String TOKEN = "glpat-s3cr3t-t0ken-value";

    @TempDir
    Path tmp;
    HttpGitServer server;
    GitRepos.Repo repo;
    AtomicInteger authorized;
    AtomicInteger refused;

    @BeforeEach
    void serve() throws Exception {
        repo = new GitRepos(tmp.resolve("served")).create("private", "17.0");
        server = new HttpGitServer(tmp.resolve("served"), USER, TOKEN);
        authorized = server.authorized;
        refused = server.refused;
    }

    @AfterEach
    void stop() {
        server.close();
        repo.close();
    }

    String url() {
        return server.url("private/.git");
    }

    @Test
    void credentialsOfTheServerWhoseIdIsTheHostAreUsed() throws Exception {
        GitAccess access = new GitAccess(Map.of("127.0.0.1", new Credential(USER, TOKEN),
                "other.example.com", new Credential("x", "y")), null);
        RemoteRefs refs = new LsRemote(access, 1, 0).list(url());
        assertEquals(repo.head("17.0"), refs.resolve("17.0", "test"));
        assertTrue(authorized.get() > 0);
    }

    @Test
    void hostAndPortIdWinsOverHostId() throws Exception {
        GitAccess access = new GitAccess(Map.of("127.0.0.1", new Credential(USER, "wrong"),
                "127.0.0.1:" + server.port(), new Credential(USER, TOKEN)), null);
        assertEquals(repo.head("17.0"), new LsRemote(access, 1, 0).list(url()).resolve("17.0", "test"));
    }

    @Test
    void withoutCredentialsItFailsAtOnceNamingTheServerIdToAdd() {
        String msg = assertThrows(OdooImageException.class,
                () -> new LsRemote(GitAccess.anonymous(), 3, 10).list(url())).getMessage();
        assertTrue(msg.contains("<id>127.0.0.1:" + server.port() + "</id>") && msg.contains("settings.xml"),
                "the id keeps the port the URL has: " + msg);
        assertTrue(msg.contains("(1 attempt)"), "refused authentication is not retried: " + msg);
        assertEquals(0, authorized.get());
    }

    @Test
    void wrongCredentialsAreNeverPrinted() {
        GitAccess access = new GitAccess(Map.of("127.0.0.1", new Credential(USER, "not-the-" + TOKEN)), null);
        String msg = assertThrows(OdooImageException.class, () -> new LsRemote(access, 2, 10).list(url()))
                .getMessage();
        assertFalse(msg.contains(TOKEN), msg);
        assertTrue(refused.get() > 0);
        assertFalse(access.toString().contains(TOKEN) || new Credential(USER, TOKEN).toString()
                .contains(TOKEN));
    }

}
