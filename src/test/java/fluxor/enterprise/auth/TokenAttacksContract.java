package fluxor.enterprise.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.ApiClient.Res;
import fluxor.enterprise.ApiClient.Session;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestKeys;
import fluxor.enterprise.TestServer;
import io.helidon.http.Status;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.Jwk;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 8725 attacks on the bearer check. Each forged token differs from an accepted one in exactly one way, and
 * the accepted baseline is asserted first, so a failing forge cannot make a test pass by accident.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TokenAttacksContract {
    static final String PASSWORD = "a decent passphrase";
    private static final String ME = "/api/v1/users/me";
    private static final String DETAIL = "The access token is missing, invalid or expired.";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final TestKeys keys = TestKeys.create();

    @RegisterExtension
    final TestServer server;

    private final ApiClient api;
    private final Session user;

    TokenAttacksContract(TestDatabases.Kind kind) {
        this.server = TestServer.start(kind, Map.of("jwt.signing.key.file", keys.file()));
        this.api = server.api();
        this.user = api.signUp("attack-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", PASSWORD);
    }

    private Jwk key(int index) {
        return Jwk.create(keys.jwks().getJsonArray("keys").getJsonObject(index));
    }

    /** A token like the service's own without the {@code omit}ted claims, adjusted by {@code change}. */
    private String forge(Jwk key, Set<String> omit, UnaryOperator<Jwt.Builder> change) {
        Instant now = Instant.now();
        Jwt.Builder jwt = Jwt.builder()
                .type("at+jwt")
                .algorithm("ES256")
                .keyId(key.keyId())
                .subject(user.id())
                .userPrincipal(user.id())
                .issueTime(now)
                .notBefore(now)
                .addUserGroup("user");
        if (!omit.contains("iss")) {
            jwt.issuer("fluxor-enterprise");
        }
        if (!omit.contains("aud")) {
            jwt.addAudience("fluxor-api");
        }
        if (!omit.contains("exp")) {
            jwt.expirationTime(now.plus(Duration.ofMinutes(5)));
        }
        if (!omit.contains("jti")) {
            jwt.jwtId(UUID.randomUUID().toString());
        }
        return SignedJwt.sign(change.apply(jwt).build(), key).tokenContent();
    }

    private String forge(Jwk key, UnaryOperator<Jwt.Builder> change) {
        return forge(key, Set.of(), change);
    }

    private String forgeWithout(String claim) {
        String token = forge(key(0), Set.of(claim), b -> b);
        assertThat("the forge really omitted " + claim, payloadOf(token).contains("\"" + claim + "\""), is(false));
        return token;
    }

    private String forge(UnaryOperator<Jwt.Builder> change) {
        return forge(key(0), change);
    }

    private void assertRejected(String token) {
        assertRejectedHeader("Bearer " + token);
    }

    private void assertRejectedHeader(String authorization) {
        Res res = api.rawAuthorization(ME, authorization);
        assertThat(res.status(), is(Status.UNAUTHORIZED_401));
        assertThat(res.contentType(), is("application/problem+json"));
        assertThat(res.header("WWW-Authenticate"), containsString("Bearer"));
        JsonObject body = res.json();
        assertThat("no detail leaked", body.getString("detail"), is(DETAIL));
        assertThat(body.containsKey("errors"), is(false));
    }

    private static String part(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String payloadOf(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.", -1)[1]), StandardCharsets.UTF_8);
    }

    @Test
    void acceptsTheServicesOwnTokenAndAForgedBaseline() {
        assertThat(api.get(ME, user.accessToken()).status(), is(Status.OK_200));
        assertThat(api.get(ME, forge(b -> b)).status(), is(Status.OK_200));
        assertThat(
                "a token from the previous (rotated-out) key still verifies",
                api.get(ME, forge(key(1), b -> b)).status(),
                is(Status.OK_200));
    }

    @Test
    void rejectsAlgNone() {
        String[] valid = forge(b -> b).split("\\.", -1);
        String header = part("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + key(0).keyId() + "\"}");
        assertRejected(header + "." + valid[1] + ".");
        assertRejected(part("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + valid[1] + ".");
    }

    @Test
    void rejectsHs256SignedWithThePublicKey() throws Exception {
        String[] valid = forge(b -> b).split("\\.", -1);
        String header = part("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"" + key(0).keyId() + "\"}");
        String signingInput = header + "." + valid[1];
        JsonObject publicJwk = api.get("/.well-known/jwks.json", null)
                .json()
                .getJsonArray("keys")
                .getJsonObject(0);
        for (byte[] secret : List.of(
                publicJwk.toString().getBytes(StandardCharsets.UTF_8),
                Base64.getUrlDecoder().decode(publicJwk.getString("x")))) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String sig = B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
            assertRejected(signingInput + "." + sig);
        }
    }

    @Test
    void rejectsATamperedPayloadEvenAfterTheOriginalWasCached() {
        String valid = forge(b -> b);
        assertThat(api.get(ME, valid).status(), is(Status.OK_200));
        String[] parts = valid.split("\\.", -1);
        String promoted = payloadOf(valid).replace("\"groups\":[\"user\"]", "\"groups\":[\"admin\"]");
        assertThat("the forge really changed the payload", promoted.contains("admin"), is(true));
        assertRejected(parts[0] + "." + part(promoted) + "." + parts[2]);
        assertThat(
                api.get("/api/v1/users", parts[0] + "." + part(promoted) + "." + parts[2])
                        .status(),
                is(Status.UNAUTHORIZED_401));
    }

    @Test
    void rejectsExpiredAndNotYetValidTokens() {
        Instant now = Instant.now();
        assertRejected(forge(b -> b.issueTime(now.minusSeconds(7200))
                .notBefore(now.minusSeconds(7200))
                .expirationTime(now.minusSeconds(3600))));
        assertRejected(forge(b -> b.notBefore(now.plusSeconds(3600))));
    }

    @Test
    void rejectsWrongIssuerAndWrongAudience() {
        assertRejected(forge(b -> b.issuer("https://evil.example")));
        assertRejected(forge(key(0), Set.of("aud"), b -> b.addAudience("another-api")));
        assertRejected(forgeWithout("aud"));
    }

    @Test
    void rejectsTokensMissingRequiredClaimsOrTyp() {
        assertRejected(forgeWithout("exp"));
        assertRejected(forgeWithout("iss"));
        assertRejected(forgeWithout("jti"));
        assertRejected(forge(b -> b.type("JWT")));
    }

    @Test
    void rejectsUnknownKidAndKeyCarryingHeaders() {
        JsonObject renamed = Json.createObjectBuilder(
                        keys.jwks().getJsonArray("keys").getJsonObject(0))
                .add("kid", "no-such-key")
                .build();
        assertRejected(forge(Jwk.create(renamed), b -> b));
        assertRejected(forge(b -> b.addHeaderClaim("jku", "https://evil.example/jwks.json")));
        assertRejected(forge(b -> b.addHeaderClaim("x5u", "https://evil.example/cert.pem")));
    }

    @Test
    void rejectsAValidLookingTokenSignedByAKeyNotInTheSet() {
        JsonObject stranger =
                SigningKeys.newKeySet(List.of()).getJsonArray("keys").getJsonObject(0);
        JsonObject sameKid =
                Json.createObjectBuilder(stranger).add("kid", key(0).keyId()).build();
        assertRejected(forge(Jwk.create(sameKid), b -> b));
    }

    @Test
    void rejectsARefreshTokenUsedAsAccessToken() {
        assertRejected(user.refreshToken());
    }

    @Test
    void rejectsGarbageEmptyAndNonBearerCredentials() {
        assertRejected("garbage");
        assertRejected("a.b.c");
        assertRejected("eyJhbGciOiJFUzI1NiJ9.e30.");
        assertRejectedHeader("Bearer ");
        assertRejectedHeader("Bearer");
        assertRejectedHeader("Basic dXNlcjpwYXNz");
        assertRejected("x".repeat(5000));
    }
}
