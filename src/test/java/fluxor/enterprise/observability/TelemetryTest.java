package fluxor.enterprise.observability;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The OTLP/HTTP endpoint variable is a base URL; the traces path is added as the specification says. */
class TelemetryTest {
    @Test
    void tracesPathIsAddedToTheBaseEndpointOnce() {
        assertThat(Telemetry.tracesUrl("http://collector:4318"), is("http://collector:4318/v1/traces"));
        assertThat(Telemetry.tracesUrl("http://collector:4318/"), is("http://collector:4318/v1/traces"));
        assertThat(Telemetry.tracesUrl("http://collector:4318/v1/traces"), is("http://collector:4318/v1/traces"));
    }
}
