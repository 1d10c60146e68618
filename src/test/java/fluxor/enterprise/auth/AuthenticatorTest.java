package fluxor.enterprise.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fluxor.enterprise.http.AppException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private static final class MovableClock extends Clock {
        private Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final SigningKeys keys = SigningKeys.fromJson(SigningKeys.newKeySet(List.of()));
    private final JwtSettings settings =
            new JwtSettings("fluxor-enterprise", "fluxor-api", Duration.ofMinutes(15), Duration.ofDays(14), "");
    private final MovableClock clock = new MovableClock();
    private final TokenIssuer issuer = new TokenIssuer(keys, settings, clock);

    @Test
    void returnsTheCallerFromAValidTokenAndAgainFromTheCache() {
        Authenticator authenticator = new Authenticator(keys, settings, clock, 10);
        UUID id = UUID.randomUUID();
        String token = issuer.issue(id, List.of("user", "admin")).token();
        Caller first = authenticator.verify("Bearer " + token);
        assertThat(first.id(), is(id));
        assertThat(first.isAdmin(), is(true));
        assertThat(authenticator.verify("bearer " + token), is(first));
    }

    @Test
    void aCachedTokenStopsWorkingAtItsExpiry() {
        Authenticator authenticator = new Authenticator(keys, settings, clock, 10);
        String token = issuer.issue(UUID.randomUUID(), List.of("user")).token();
        authenticator.verify("Bearer " + token);
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThrows(AppException.Unauthorized.class, () -> authenticator.verify("Bearer " + token));
    }

    @Test
    void aFullCacheStillVerifiesEveryToken() {
        Authenticator authenticator = new Authenticator(keys, settings, clock, 2);
        for (int i = 0; i < 5; i++) {
            String token = issuer.issue(UUID.randomUUID(), List.of("user")).token();
            assertThat(authenticator.verify("Bearer " + token).roles(), is(List.of("user")));
        }
        String tampered = issuer.issue(UUID.randomUUID(), List.of("user")).token() + "A";
        assertThrows(AppException.Unauthorized.class, () -> authenticator.verify("Bearer " + tampered));
    }
}
