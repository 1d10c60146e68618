package fluxor.enterprise.http;

import io.helidon.config.Config;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.util.function.BooleanSupplier;

/**
 * What every request passes before a handler runs, and how every failure leaves: request ids, security
 * headers, CORS, backpressure, rate limits, error mapping; at server level TLS and problems for the responses
 * Helidon writes before routing. {@code App} installs it once.
 */
public final class HttpEdge implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(HttpEdge.class.getName());
    private final Config config;
    private final SecurityHeaders securityHeaders;
    private final Backpressure backpressure;
    private final Cors cors;
    private final RateLimit rateLimit;
    private BooleanSupplier draining = () -> false;

    public HttpEdge(Config config, boolean hsts) {
        this.config = config;
        this.securityHeaders = new SecurityHeaders(hsts);
        this.backpressure =
                new Backpressure(config.get("max.concurrent.requests").asInt().orElse(3350));
        this.cors = Cors.create(config);
        this.rateLimit = RateLimit.create(config);
        LOGGER.log(
                System.Logger.Level.INFO,
                "edge: " + rateLimit.describe() + "; " + cors.describe()
                        + "; at most "
                        + config.get("max.concurrent.requests").asInt().orElse(3350)
                        + " requests in flight; "
                        + (config.get("tls.keystore")
                                        .asString()
                                        .filter(s -> !s.isBlank())
                                        .isPresent()
                                ? "HTTPS only (TLS 1.3/1.2)"
                                : "plain HTTP")
                        + (hsts ? ", HSTS on" : ""));
    }

    /**
     * While shutting down, responses carry {@code Connection: close}: Helidon only interrupts connections that are
     * idle when the stop begins, so a kept-alive connection would otherwise hold the stop for the grace period.
     */
    public void closeConnectionsWhen(BooleanSupplier draining) {
        this.draining = draining;
    }

    public void install(HttpRouting.Builder routing, Routes routes) {
        routing.addFilter((chain, req, res) -> {
                    if (draining.getAsBoolean()) {
                        res.header(HeaderValues.CONNECTION_CLOSE);
                    }
                    chain.proceed();
                })
                .addFilter(RequestId.filter())
                .addFilter(securityHeaders.filter())
                .addFilter(backpressure.filter())
                .addFilter(cors.filter())
                .addFilter(rateLimit.filter());
        cors.routing(routing);
        new ErrorMapping(routes, securityHeaders).register(routing);
    }

    /** Listener settings: HTTPS when {@code tls.keystore} is set; problem bodies for Helidon's own 400/413. */
    public void server(WebServerConfig.Builder server) {
        server.directHandlers(new DirectProblems(securityHeaders, cors).handlers());
        TlsSetup.from(config).ifPresent(server::tls);
    }

    /** The limiter's readiness detail (backend, whether its store answers); never DOWN. */
    public io.helidon.health.HealthCheck rateLimitCheck() {
        return rateLimit.healthCheck();
    }

    @Override
    public void close() {
        rateLimit.close();
    }
}
