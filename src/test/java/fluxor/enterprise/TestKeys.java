package fluxor.enterprise;

import fluxor.enterprise.auth.SigningKeys;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A signing key set written to a file the test app loads, so tests can forge tokens with the real key. */
public final class TestKeys {
    private final JsonObject jwks;
    private final Path file;

    private TestKeys(JsonObject jwks, Path file) {
        this.jwks = jwks;
        this.file = file;
    }

    public static TestKeys create() {
        JsonObject jwks = SigningKeys.newKeySet(
                List.of(SigningKeys.newKeySet(List.of()).getJsonArray("keys").getJsonObject(0)));
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-keys"));
            Path file = Files.createTempFile(dir, "jwks", ".json");
            Files.writeString(file, jwks.toString());
            return new TestKeys(jwks, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonObject jwks() {
        return jwks;
    }

    public String file() {
        return file.toString();
    }
}
