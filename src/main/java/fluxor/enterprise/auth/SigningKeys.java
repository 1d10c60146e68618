package fluxor.enterprise.auth;

import fluxor.enterprise.http.Jsons;
import io.helidon.security.jwt.jwk.Jwk;
import io.helidon.security.jwt.jwk.JwkEC;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ES256 key set: a private JWK set (newest key first). The first key signs; every key verifies, so tokens
 * signed before a rotation stay valid until they expire. Helidon's Jwk has no JSON writer, so the public set is
 * the private JSON with {@code d} left out.
 */
public final class SigningKeys {
    private static final System.Logger LOGGER = System.getLogger(SigningKeys.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JwkEC signing;
    private final JsonObject publicJwks;
    private final Set<String> keyIds;

    private SigningKeys(List<JsonObject> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the JWK set holds no keys");
        }
        JsonArrayBuilder pub = Jsons.array();
        for (JsonObject key : keys) {
            if (!"EC".equals(key.getString("kty", ""))
                    || !"P-256".equals(key.getString("crv", ""))
                    || !key.containsKey("kid")
                    || !key.containsKey("d")) {
                throw new IllegalArgumentException("every key must be a private EC P-256 key with a kid");
            }
            pub.add(Jsons.object()
                    .add("kty", "EC")
                    .add("crv", "P-256")
                    .add("kid", key.getString("kid"))
                    .add("use", "sig")
                    .add("alg", "ES256")
                    .add("x", key.getString("x"))
                    .add("y", key.getString("y")));
        }
        this.signing = (JwkEC) Jwk.create(Jsons.object(keys.getFirst())
                .add("alg", "ES256")
                .add("use", "sig")
                .build());
        this.publicJwks = Jsons.object().add("keys", pub).build();
        this.keyIds = keys.stream().map(k -> k.getString("kid")).collect(Collectors.toUnmodifiableSet());
    }

    /** From a private JWK set file; with no file, an ephemeral key that dies with the process. */
    public static SigningKeys load(String file) {
        if (file == null || file.isBlank()) {
            LOGGER.log(
                    System.Logger.Level.WARNING,
                    "!!! No jwt.signing.key.file (JWT_SIGNING_KEY_FILE): using an "
                            + "EPHEMERAL signing key. Tokens die with this process and other instances reject them. "
                            + "Development only; create a key set with: fluxor-enterprise keygen > keys.json");
            return fromJson(newKeySet(List.of()));
        }
        try {
            return fromJson(Jsons.reader(new StringReader(Files.readString(Path.of(file))))
                    .readObject());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signing keys from " + file, e);
        }
    }

    public static SigningKeys fromJson(JsonObject jwks) {
        List<JsonObject> keys = new ArrayList<>();
        for (JsonValue key : jwks.getJsonArray("keys")) {
            keys.add(key.asJsonObject());
        }
        return new SigningKeys(keys);
    }

    public JwkEC signingKey() {
        return signing;
    }

    public JsonObject publicJwks() {
        return publicJwks;
    }

    public boolean knows(String kid) {
        return keyIds.contains(kid);
    }

    /** A JWK set with one new key followed by {@code previous} (rotation keeps old keys for verification). */
    public static JsonObject newKeySet(List<JsonObject> previous) {
        JsonArrayBuilder keys = Jsons.array().add(newPrivateJwk());
        previous.forEach(keys::add);
        return Jsons.object().add("keys", keys).build();
    }

    /** {@code keygen --rotate FILE}: prepend a new key, keep the others, write atomically with mode 0600. */
    public static JsonObject rotate(Path file) throws IOException {
        JsonObject old = Jsons.reader(new StringReader(Files.readString(file))).readObject();
        fromJson(old); // refuse to rotate a file we could not serve
        List<JsonObject> previous =
                old.getJsonArray("keys").stream().map(JsonValue::asJsonObject).toList();
        JsonObject rotated = newKeySet(previous);
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            throw new IOException(file + " is not a key file"); // the file system root
        }
        Path tmp = Files.createTempFile(
                dir,
                ".jwks",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, rotated.toString() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return rotated;
    }

    static JsonObject newPrivateJwk() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            var pair = generator.generateKeyPair();
            ECPublicKey pub = (ECPublicKey) pair.getPublic();
            ECPrivateKey priv = (ECPrivateKey) pair.getPrivate();
            byte[] suffix = new byte[4];
            RANDOM.nextBytes(suffix);
            String kid = LocalDate.now(ZoneOffset.UTC) + "-" + HexFormat.of().formatHex(suffix);
            return Jsons.object()
                    .add("kty", "EC")
                    .add("crv", "P-256")
                    .add("kid", kid)
                    .add("use", "sig")
                    .add("alg", "ES256")
                    .add("x", b64(pub.getW().getAffineX()))
                    .add("y", b64(pub.getW().getAffineY()))
                    .add("d", b64(priv.getS()))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available in this JDK", e);
        }
    }

    /** Unsigned big-endian, left-padded to the 32 bytes of a P-256 coordinate (RFC 7518 §6.2.1). */
    private static String b64(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }
}
