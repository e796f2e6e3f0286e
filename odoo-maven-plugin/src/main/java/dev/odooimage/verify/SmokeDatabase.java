package dev.odooimage.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A PostgreSQL server the smoke test may create and drop databases on, reachable from a
 * container on the host network at {@code 127.0.0.1:port} (or the configured host).
 * Closing it stops what the smoke test started and drops what it created.
 */
public interface SmokeDatabase extends AutoCloseable {

    String host();

    int port();

    String user();

    /** A host file holding the password, readable by the container user (a throw-away copy). */
    Path passwordFile();

    /** Where this server comes from, for the report ("host PostgreSQL 15 on 127.0.0.1:45021"). */
    String description();

    /** Creates an empty database (UTF8, template0) owned by {@link #user()}. */
    void createDatabase(String name);

    void dropDatabase(String name);

    @Override
    void close();

    /** A free TCP port on the loopback interface. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** A random password for throw-away servers (letters and digits only, safe in any config). */
    static String randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return "smk" + HexFormat.of().formatHex(b);
    }

    /**
     * Writes a secret into {@code dir} (0700, created here) as a 0644 file: the container
     * user must read it through a bind mount, while the directory keeps other host users out.
     */
    static Path secretFile(Path dir, String name, String value) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path f = dir.resolve(name);
            Files.writeString(f, value, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " in " + dir, e);
        }
    }
}
