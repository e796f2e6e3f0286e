package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.ProcessRunner;

/** A real throw-away PostgreSQL: started, used with its password, stopped without a trace. */
class HostPostgresTest {
    @TempDir
    Path tmp;

    @Test
    void startsCreatesDatabasesAuthenticatesByPasswordAndCleansUp() throws Exception {
        Path bin = HostPostgres.findBinaries().orElse(null);
        if (bin == null) {
            System.err.println("!!! HostPostgresTest SKIPPED: no PostgreSQL server binaries on this host");
        }
        assumeTrue(bin != null, "PostgreSQL server binaries");
        Path data;
        int port;
        try (HostPostgres pg = HostPostgres.start(bin, tmp.resolve("secrets"))) {
            data = pg.dataDirectory();
            port = pg.port();
            assertTrue(pg.isRunning());
            pg.createDatabase("odoo_smoke_t1");
            String password = Files.readString(pg.passwordFile()).strip();
            Path pgpass = Files.writeString(tmp.resolve("pgpass"), "*:*:*:" + pg.user() + ":" + password + "\n");
            Files.setPosixFilePermissions(pgpass, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            ProcessRunner.Result r = ProcessRunner.run(List.of(bin.resolve("psql").toString(), "-h", "127.0.0.1",
                    "-p", Integer.toString(port), "-U", pg.user(), "-d", "odoo_smoke_t1", "-tAc",
                    "select current_database() || ' ' || pg_encoding_to_char(encoding) from pg_database"
                            + " where datname = current_database()"), Duration.ofSeconds(30),
                    Map.of("PGPASSFILE", pgpass.toString()), null);
            assertEquals("odoo_smoke_t1 UTF8", r.output().strip(), r.output());
            Path wrong = Files.writeString(tmp.resolve("wrong"), "*:*:*:" + pg.user() + ":not-the-password\n");
            Files.setPosixFilePermissions(wrong, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            ProcessRunner.Result denied = ProcessRunner.run(List.of(bin.resolve("psql").toString(), "-h",
                    "127.0.0.1", "-p", Integer.toString(port), "-U", pg.user(), "-d", "postgres", "-c", "select 1"),
                    Duration.ofSeconds(30), Map.of("PGPASSFILE", wrong.toString()), null);
            assertFalse(denied.ok(), "password authentication is enforced");
            pg.dropDatabase("odoo_smoke_t1");
        }
        assertFalse(Files.exists(data), "data directory removed");
        assertThrows(java.io.IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                "server stopped");
    }

    @Test
    void externalSpecIsValidated() {
        OdooImageException e = assertThrows(OdooImageException.class,
                () -> ExternalDatabase.parse("localhost:54x2:odoo:/tmp/pw", tmp));
        assertTrue(e.getMessage().contains("port '54x2'"), e.getMessage());
        e = assertThrows(OdooImageException.class, () -> ExternalDatabase.parse("localhost:5432", tmp));
        assertTrue(e.getMessage().contains("host:port:user:passwordFile"), e.getMessage());
        e = assertThrows(OdooImageException.class,
                () -> ExternalDatabase.parse("localhost:5432:odoo:" + tmp.resolve("missing"), tmp));
        assertTrue(e.getMessage().contains("cannot read password file"), e.getMessage());
    }
}
