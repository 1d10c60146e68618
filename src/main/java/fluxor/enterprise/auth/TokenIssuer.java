package fluxor.enterprise.auth;

import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Signs ES256 access tokens: {@code typ: at+jwt} (RFC 9068), roles in {@code groups} (what Helidon maps to roles). */
public final class TokenIssuer {
    public static final String TYPE = "at+jwt";
    static final String SESSION_CLAIM = "sid";

    /** A signed access token and its lifetime in seconds. */
    public record AccessToken(String token, long expiresIn) {}

    private final SigningKeys keys;
    private final JwtSettings settings;
    private final Clock clock;

    public TokenIssuer(SigningKeys keys, JwtSettings settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    public AccessToken issue(UUID userId, List<String> roles) {
        return issue(userId, roles, null);
    }

    /** {@code sessionId}: the refresh-token family (session) the token belongs to, as the {@code sid} claim. */
    public AccessToken issue(UUID userId, List<String> roles, UUID sessionId) {
        Instant now = clock.instant();
        Jwt.Builder jwt = Jwt.builder()
                .type(TYPE)
                .algorithm("ES256")
                .keyId(keys.signingKey().keyId())
                .issuer(settings.issuer())
                .addAudience(settings.audience())
                .subject(userId.toString())
                .userPrincipal(userId.toString())
                .issueTime(now)
                .notBefore(now)
                .expirationTime(now.plus(settings.accessTtl()))
                .jwtId(UUID.randomUUID().toString());
        roles.forEach(jwt::addUserGroup);
        if (sessionId != null) {
            jwt.addPayloadClaim(SESSION_CLAIM, sessionId.toString());
        }
        String token = SignedJwt.sign(jwt.build(), keys.signingKey()).tokenContent();
        return new AccessToken(token, settings.accessTtl().toSeconds());
    }
}
