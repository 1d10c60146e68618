package fluxor.enterprise.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
    @Test
    void keygenMakesOnePrivateP256KeyWithKid() {
        JsonObject set = SigningKeys.newKeySet(List.of());
        assertThat(set.getJsonArray("keys").size(), is(1));
        JsonObject key = set.getJsonArray("keys").getJsonObject(0);
        assertThat(key.getString("kty"), is("EC"));
        assertThat(key.getString("crv"), is("P-256"));
        assertThat(key.getString("alg"), is("ES256"));
        assertThat(key.containsKey("d"), is(true));
        assertThat(key.getString("x").length(), is(43));
    }

    @Test
    void publicSetHasEveryKeyButNoPrivatePart() {
        JsonObject set = SigningKeys.newKeySet(List.of(SigningKeys.newPrivateJwk()));
        SigningKeys keys = SigningKeys.fromJson(set);
        assertThat(keys.publicJwks().getJsonArray("keys").size(), is(2));
        assertThat(keys.publicJwks().toString().contains("\"d\""), is(false));
        assertThat(
                "the first (newest) key signs",
                keys.signingKey().keyId(),
                is(set.getJsonArray("keys").getJsonObject(0).getString("kid")));
    }

    @Test
    void rotatePrependsANewKeyKeepsTheOldOnesAndWritesMode0600(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.json");
        JsonObject original = SigningKeys.newKeySet(List.of());
        Files.writeString(file, original.toString());
        SigningKeys.rotate(file);
        SigningKeys rotated = SigningKeys.load(file.toString());
        String oldKid = original.getJsonArray("keys").getJsonObject(0).getString("kid");
        assertThat(rotated.signingKey().keyId(), not(is(oldKid)));
        assertThat(rotated.knows(oldKid), is(true));
        assertThat(rotated.publicJwks().getJsonArray("keys").size(), is(2));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), is("rw-------"));
    }

    @Test
    void refusesPublicOnlyOrNonEcKeys() {
        JsonObject pub = SigningKeys.fromJson(SigningKeys.newKeySet(List.of())).publicJwks();
        assertThrows(IllegalArgumentException.class, () -> SigningKeys.fromJson(pub));
    }
}
