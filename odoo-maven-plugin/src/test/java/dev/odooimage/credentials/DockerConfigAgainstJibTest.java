package dev.odooimage.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.cloud.tools.jib.registry.credentials.DockerConfigCredentialRetriever;

/**
 * Differential: our reading of a Docker config gives, for every registry asked, the credentials
 * Jib 3.5.1's own {@code DockerConfigCredentialRetriever} gives (the code the client's build runs),
 * over configs that exercise its matching rules: exact, {@code https://} and path-suffixed keys,
 * Docker Hub's aliases, {@code auth} versus {@code username}/{@code password}, field names in
 * another case, an {@code identitytoken}, first-match order.
 */
class DockerConfigAgainstJibTest {
    private static final List<String> REGISTRIES = List.of("docker.io", "registry-1.docker.io", "index.docker.io",
            "registry.hub.docker.com", "ghcr.io", "registry.example.com:5000", "registry.example.com", "quay.io",
            "127.0.0.1:5000", "example.org");

    @TempDir
    Path tmp;

    private static String auth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void sameAnswersAsJib(int which) throws IOException {
        String json = switch (which) {
            case 0 -> "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("hub", "h:p") + "\"},"
                    + "\"ghcr.io\":{\"auth\":\"" + auth("gh", "g") + "\"}}}";
            case 1 -> "{\"auths\":{\"registry.example.com:5000/v2/\":{\"auth\":\"" + auth("a", "1") + "\"},"
                    + "\"https://registry.example.com\":{\"auth\":\"" + auth("b", "2") + "\"},"
                    + "\"registry.example.com\":{\"auth\":\"" + auth("c", "3") + "\"}}}";
            case 2 -> "{\"Auths\":{\"quay.io\":{\"Username\":\"q\",\"Password\":\"qp\"},"
                    + "\"127.0.0.1:5000\":{\"username\":\"only-user\"}}}";
            case 3 -> "{\"auths\":{\"example.org\":{\"auth\":\"" + auth("00000000-0000-0000-0000-000000000000", "")
                    + "\",\"identitytoken\":\"id-token\"},\"registry-1.docker.io\":{\"auth\":\"" + auth("r1", "x")
                    + "\"},\"docker.io\":{\"auth\":\"" + auth("d", "y") + "\"}}}";
            default -> "{\"auths\":{\"https://registry.hub.docker.com/\":{\"auth\":\"" + auth("old-hub", "z")
                    + "\"}},\"HttpHeaders\":{\"User-Agent\":\"Docker-Client\"}}";
        };
        Path file = tmp.resolve("config.json");
        Files.writeString(file, json);
        for (String registry : REGISTRIES) {
            Optional<String> jib = DockerConfigCredentialRetriever.create(registry, file).retrieve(e -> { })
                    .map(c -> c.getUsername() + ":" + c.getPassword());
            List<String> failures = new ArrayList<>();
            Optional<String> ours = DockerConfig.read(file).orElseThrow().find(registry, "", failures)
                    .map(f -> f.credential().username() + ":" + f.credential().password());
            assertEquals(jib, ours, registry + " in " + json);
            assertEquals(List.of(), failures);
        }
    }
}
