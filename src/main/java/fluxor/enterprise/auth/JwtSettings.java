package fluxor.enterprise.auth;

import io.helidon.config.Config;
import java.time.Duration;

/** {@code jwt.*}: issuer and audience (set and required in every token), token lifetimes, the key file. */
public record JwtSettings(String issuer, String audience, Duration accessTtl, Duration refreshTtl, String keyFile) {

    public static JwtSettings from(Config config) {
        Config jwt = config.get("jwt");
        return new JwtSettings(
                jwt.get("issuer").asString().orElse("fluxor-enterprise"),
                jwt.get("audience").asString().orElse("fluxor-api"),
                jwt.get("access.ttl").as(Duration.class).orElse(Duration.ofMinutes(15)),
                jwt.get("refresh.ttl").as(Duration.class).orElse(Duration.ofDays(14)),
                jwt.get("signing.key.file").asString().orElse(""));
    }
}
