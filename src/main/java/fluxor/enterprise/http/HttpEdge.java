package fluxor.enterprise.http;

import io.helidon.config.Config;
import io.helidon.webserver.http.HttpRouting;

/**
 * What every request passes before a handler runs, and how every failure leaves: request ids, security
 * headers, error mapping. {@code Main} installs it once on the routing.
 */
public final class HttpEdge {
    private final SecurityHeaders securityHeaders;
    private final Backpressure backpressure;

    public HttpEdge(Config config, boolean hsts) {
        this.securityHeaders = new SecurityHeaders(hsts);
        this.backpressure = new Backpressure(config.get("max.concurrent.requests").asInt().orElse(3350));
    }

    public void install(HttpRouting.Builder routing, Routes routes) {
        routing.addFilter(RequestId.filter())
                .addFilter(securityHeaders.filter())
                .addFilter(backpressure.filter());
        new ErrorMapping(routes, securityHeaders).register(routing);
    }
}
