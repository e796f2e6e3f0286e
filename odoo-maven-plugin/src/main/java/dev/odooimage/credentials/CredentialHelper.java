package dev.odooimage.credentials;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One Docker credential helper, {@code docker-credential-<name>}, run as Docker and Jib run it:
 * {@code docker-credential-<name> get}, the server URL on stdin, {@code {"Username": ...,
 * "Secret": ...}} on stdout. The secret travels only through the pipe, never on a command line;
 * the helper's own output is never put into a message (a broken helper may print the secret).
 *
 * @param name  as configured ({@code pass}, {@code ecr-login}) or a path to the executable
 * @param where where it is configured, for messages ({@code credHelpers of ~/.docker/config.json})
 */
public record CredentialHelper(String name, String where) {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a helper answered: credentials, nothing for this server, or a failure message. */
    public record Answer(Optional<Credential> credential, String failure) {
        static Answer none() {
            return new Answer(Optional.empty(), null);
        }

        static Answer failed(String message) {
            return new Answer(Optional.empty(), message);
        }
    }

    /** The executable's file name: {@code docker-credential-<name>}, or the configured path's name. */
    public String command() {
        return name.contains("/") ? name : "docker-credential-" + name;
    }

    /**
     * Asks the helper for {@code serverUrl} (the key the configuration matched, or the registry).
     *
     * @param searchPath the PATH the executable is looked up in
     */
    public Answer get(String serverUrl, String registry, String searchPath) {
        Optional<Path> exe = locate(searchPath);
        String label = "credential helper " + command() + " (" + where + ")";
        if (exe.isEmpty()) {
            return Answer.failed(label + " is not on the PATH, so it gave no credentials for registry " + registry
                    + ": install it, or remove the entry");
        }
        Process process;
        try {
            process = new ProcessBuilder(List.of(exe.get().toString(), "get")).start();
        } catch (IOException e) {
            return Answer.failed(label + " could not be started for registry " + registry + ": " + e.getMessage());
        }
        try {
            CompletableFuture<byte[]> stdout = drain(process.getInputStream());
            CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // A helper that exits without reading stdin: its exit status tells what happened.
            }
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Answer.failed(label + " did not answer within " + TIMEOUT.toSeconds() + " s for registry "
                        + registry);
            }
            String out = new String(stdout.join(), StandardCharsets.UTF_8);
            stderr.join();
            // The helpers' protocol for "nothing stored for this server" (docker-credential-helpers).
            if (out.contains("credentials not found in native keychain")) {
                return Answer.none();
            }
            String rerun = " (its output is not shown, it may hold secrets: run `echo " + serverUrl + " | "
                    + command() + " get` to see it)";
            if (process.exitValue() != 0) {
                return Answer.failed(label + " failed for registry " + registry + ": exit status "
                        + process.exitValue() + rerun);
            }
            JsonNode answer;
            try {
                answer = JSON.readTree(out);
            } catch (IOException e) {
                answer = null;
            }
            String user = answer == null ? null : text(answer, "Username");
            String secret = answer == null ? null : text(answer, "Secret");
            if (user == null || user.isEmpty() || secret == null || secret.isEmpty()) {
                return Answer.failed(label + " answered registry " + registry + " with something other than JSON"
                        + " holding a Username and a Secret" + rerun);
            }
            return new Answer(Optional.of(new Credential(user, secret)), null);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Answer.failed(label + " was interrupted");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private Optional<Path> locate(String searchPath) {
        String command = command();
        if (command.contains("/")) {
            Path p = Path.of(command);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        if (searchPath == null) {
            return Optional.empty();
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, command);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                return buf.toByteArray();
            } catch (IOException e) {
                return new byte[0];
            }
        }, task -> {
            // Own threads: both pipes must be read at once, whatever the common pool's size.
            Thread t = new Thread(task, "credential-helper-output");
            t.setDaemon(true);
            t.start();
        });
    }
}
