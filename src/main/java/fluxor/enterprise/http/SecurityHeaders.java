package fluxor.enterprise.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.ServerResponse;

/** Browser-hardening headers sent on every response, errors included. */
final class SecurityHeaders {
    private final boolean hsts;

    SecurityHeaders(boolean hsts) {
        this.hsts = hsts;
    }

    Filter filter() {
        return (chain, req, res) -> {
            apply(res);
            chain.proceed();
        };
    }

    void apply(ServerResponse res) {
        res.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        res.header("X-Frame-Options", "DENY");
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "no-referrer");
        // Nothing this service returns may be cached by a shared cache: user data, tokens, health.
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        if (hsts) {
            res.header(HeaderNames.STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
        }
    }
}
