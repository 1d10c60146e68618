package fluxor.enterprise.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1));

    @Test
    void doublesPerAttemptWithTheUpperHalfRandom() {
        assertThat(backoff.delay(1, 0.0), is(Duration.ofMillis(2_500)));
        assertThat(backoff.delay(1, 0.999_999), is(Duration.ofSeconds(5)));
        assertThat(backoff.delay(2, 0.0), is(Duration.ofSeconds(5)));
        assertThat(backoff.delay(3, 0.5), is(Duration.ofSeconds(15)));
    }

    @Test
    void staysUnderTheCeilingHoweverManyAttempts() {
        assertThat(backoff.delay(5, 0.999_999), is(Duration.ofMinutes(1)));
        assertThat(backoff.delay(1_000_000, 0.0), is(Duration.ofSeconds(30)));
    }
}
