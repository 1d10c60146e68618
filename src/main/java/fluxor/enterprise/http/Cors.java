package fluxor.enterprise.http;

import io.helidon.config.Config;
import io.helidon.cors.CrossOriginConfig;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.cors.CorsSupport;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-origin access: denied unless {@code cors.allowed.origins} (CORS_ALLOWED_ORIGINS, comma-separated exact
 * origins) lists the caller. Helidon's CORS support answers the preflights of allowed origins; this class's filter
 * turns every refusal into a 403 problem (Helidon's own is an empty 403), adds {@code Vary: Origin}, and keeps the
 * CORS headers on error responses so a browser can read them. Credentials are never allowed (bearer tokens,
 * no cookies), so a wildcard origin is never combined with credentials.
 */
final class Cors {
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final List<String> HEADERS = List.of("Authorization", "Content-Type", "X-Request-Id");
    static final List<String> EXPOSED = List.of(
            "X-Request-Id", "Location", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset");
    private static final HeaderName REQUEST_METHOD = HeaderNames.ACCESS_CONTROL_REQUEST_METHOD;
    private static final HeaderName REQUEST_HEADERS = HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS;
    private static final long MAX_AGE_SECONDS = 600;

    private final Set<String> origins;
    private final boolean wildcard;

    private Cors(Set<String> origins) {
        this.wildcard = origins.contains("*");
        this.origins = Set.copyOf(origins);
    }

    static Cors create(Config config) {
        Config node = config.get("cors.allowed.origins");
        List<String> raw = new ArrayList<>();
        if (node.isList()) {
            raw.addAll(node.asList(String.class).orElse(List.of()));
        } else {
            raw.addAll(List.of(node.asString().orElse("").split(",")));
        }
        Set<String> origins = new LinkedHashSet<>();
        for (String item : raw) {
            String origin = item.trim();
            if (origin.endsWith("/")) {
                origin = origin.substring(0, origin.length() - 1);
            }
            if (!origin.isEmpty()) {
                origins.add(origin.equals("*") ? "*" : Ascii.lower(origin));
            }
        }
        return new Cors(origins);
    }

    /** Registers Helidon's CORS handler first, when any origin is allowed (it answers the preflights). */
    void routing(HttpRouting.Builder routing) {
        if (origins.isEmpty()) {
            return;
        }
        CrossOriginConfig rules = CrossOriginConfig.builder()
                .allowOrigins(origins.toArray(String[]::new))
                .allowMethods(METHODS.toArray(String[]::new))
                .allowHeaders(HEADERS.toArray(String[]::new))
                .exposeHeaders(EXPOSED.toArray(String[]::new))
                .allowCredentials(false)
                .maxAgeSeconds(MAX_AGE_SECONDS)
                .build();
        CorsSupport support =
                CorsSupport.builder().name("fluxor").addCrossOrigin(rules).build();
        routing.any(support);
    }

    String describe() {
        return origins.isEmpty() ? "CORS: no origin allowed" : "CORS origins " + String.join(", ", origins);
    }

    Filter filter() {
        return this::filter;
    }

    private void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        EdgeHeaders.set(req.context(), res, "Vary", "Origin");
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()
                || sameOrigin(
                        origin.get(), req.headers().first(HeaderNames.HOST).orElse(""))) {
            chain.proceed();
            return;
        }
        if (!allowed(origin.get())) {
            throw new AppException.Forbidden("Cross-origin requests from this origin are not allowed.");
        }
        boolean preflight =
                req.prologue().method().equals(Method.OPTIONS) && req.headers().contains(REQUEST_METHOD);
        if (preflight) {
            String method = req.headers().first(REQUEST_METHOD).orElse("").trim();
            if (!METHODS.contains(method)) {
                throw new AppException.Forbidden("Cross-origin requests with this method are not allowed.");
            }
            for (String line : req.headers().all(REQUEST_HEADERS, List::of)) {
                for (String header : line.split(",", -1)) {
                    String h = header.trim();
                    if (!h.isEmpty() && HEADERS.stream().noneMatch(a -> Ascii.equalsIgnoreCase(a, h))) {
                        throw new AppException.Forbidden(
                                "Cross-origin requests with the header " + safe(h) + " are not allowed.");
                    }
                }
            }
        } else {
            // Helidon sets these too on success; recorded here so error responses keep them.
            EdgeHeaders.set(req.context(), res, "Access-Control-Allow-Origin", wildcard ? "*" : origin.get());
            EdgeHeaders.set(req.context(), res, "Access-Control-Expose-Headers", String.join(", ", EXPOSED));
        }
        chain.proceed();
    }

    /** CORS headers for a response written outside routing (Helidon's direct 400/413). */
    void apply(String origin, io.helidon.http.ServerResponseHeaders headers) {
        headers.set(io.helidon.http.HeaderValues.create("Vary", "Origin"));
        if (origin != null && allowed(origin)) {
            headers.set(io.helidon.http.HeaderValues.create("Access-Control-Allow-Origin", wildcard ? "*" : origin));
            headers.set(
                    io.helidon.http.HeaderValues.create("Access-Control-Expose-Headers", String.join(", ", EXPOSED)));
        }
    }

    boolean allowed(String origin) {
        return wildcard || origins.contains(Ascii.lower(origin));
    }

    // Same rule as Helidon's: the Origin names this very host (and port).
    private static boolean sameOrigin(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null || host.isEmpty()) {
                return false;
            }
            int port =
                    uri.getPort() != -1 ? uri.getPort() : (Ascii.equalsIgnoreCase("https", uri.getScheme()) ? 443 : 80);
            String hostName = host;
            int hostPort = -1;
            int colon = host.lastIndexOf(':');
            if (colon > 0 && host.indexOf(']') < colon) {
                hostName = host.substring(0, colon);
                try {
                    hostPort = Integer.parseInt(host.substring(colon + 1));
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            if (hostPort == -1) {
                hostPort = Ascii.equalsIgnoreCase("https", uri.getScheme()) ? 443 : 80;
            }
            return Ascii.equalsIgnoreCase(uri.getHost(), hostName) && port == hostPort;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String safe(String header) {
        return header.length() <= 40 && header.matches("[A-Za-z0-9-]+") ? header : "(invalid)";
    }
}
