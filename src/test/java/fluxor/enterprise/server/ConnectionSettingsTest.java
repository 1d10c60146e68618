package fluxor.enterprise.server;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fluxor.enterprise.TestApp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {

    private static ConnectionSettings settings(Map<String, String> overrides) {
        return ConnectionSettings.from(TestApp.config(overrides));
    }

    @Test
    void capLeavesTheReservedDescriptorsFree() {
        ConnectionSettings defaults = settings(Map.of());
        assertThat(defaults.cap(1024, Long.MAX_VALUE), is(768));
        assertThat(defaults.cap(65_536, Long.MAX_VALUE), is(65_280));
        assertThat(settings(Map.of("connections.reserved-descriptors", "100")).cap(1024, Long.MAX_VALUE), is(924));
    }

    @Test
    void capKeepsConnectionsWithinTheHeap() {
        long heap256m = 256L << 20;
        // (256 MB - 64 MB) / 32 KiB
        assertThat(settings(Map.of()).cap(65_536, heap256m), is(6_144));
        assertThat(settings(Map.of()).cap(1024, heap256m), is(768)); // descriptors are the tighter bound
    }

    @Test
    void configuredCapWins() {
        assertThat(settings(Map.of("connections.max", "5000")).cap(1024, 1L << 30), is(5000));
    }

    @Test
    void capIsBoundedWhenTheLimitIsUnknown() {
        assertThat(settings(Map.of()).cap(-1, Long.MAX_VALUE), is(10_000));
    }

    @Test
    void bodyTimeoutIsTheGracePlusTheBodyAtTheFloorRate() {
        ConnectionSettings s = settings(Map.of("connections.body-grace", "PT2S", "connections.body-min-rate", "1000"));
        assertThat(s.bodyTimeout(5_000), is(Duration.ofSeconds(7)));
        // chunked: as long as the largest body allowed (server.max-payload-size, 64 KiB here)
        assertThat(s.bodyTimeout(-1), is(Duration.ofMillis(2_000 + 65_536)));
    }

    @Test
    void refusesNonsense() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> settings(Map.of("connections.header-timeout", "PT0S")));
        assertThat(e.getMessage(), containsString("connections.header-timeout"));
    }
}
