package fluxor.enterprise.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Browser-hardening headers sent on every response: handler responses, problems from {@link ErrorMapping},
 * and the responses Helidon writes itself before routing ({@link DirectProblems}).
 */
final class SecurityHeaders {
    private final List<Header> headers;

    SecurityHeaders(boolean hsts) {
        List<Header> list = new ArrayList<>();
        list.add(HeaderValues.create("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"));
        list.add(HeaderValues.create("X-Frame-Options", "DENY"));
        list.add(HeaderValues.create("X-Content-Type-Options", "nosniff"));
        list.add(HeaderValues.create("Referrer-Policy", "no-referrer"));
        // Nothing this service returns may be cached by a shared cache: user data, tokens, health.
        list.add(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"));
        if (hsts) {
            list.add(HeaderValues.create(HeaderNames.STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains"));
        }
        this.headers = List.copyOf(list);
    }

    Filter filter() {
        return (chain, req, res) -> {
            apply(res);
            chain.proceed();
        };
    }

    void apply(ServerResponse res) {
        headers.forEach(res::header);
    }

    void apply(ServerResponseHeaders target) {
        headers.forEach(target::set);
    }
}
