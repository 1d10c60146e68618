package fluxor.enterprise.http;

import io.helidon.common.context.Context;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.logging.common.HelidonMdc;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The id that ties a response, its problem body and its log lines together. */
public record RequestId(String value) {
    public static final HeaderName HEADER = HeaderNames.create("X-Request-Id");
    public static final String MDC_KEY = "request_id";
    // Only ids that are safe to echo into headers and logs are accepted from clients.
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    static RequestId fromHeader(String header) {
        if (header != null && SANE.matcher(header).matches()) {
            return new RequestId(header);
        }
        return new RequestId(randomUuid().toString());
    }

    /**
     * A version-4 UUID from ThreadLocalRandom: an id, not a secret. UUID.randomUUID() reads SecureRandom, whose
     * NativePRNG takes one process-wide lock per call; at 5,000 connections that lock made requests wait seconds.
     */
    private static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    /** The id of the request being served, for handlers and error mapping. */
    public static String of(ServerRequest req) {
        return of(req.context());
    }

    static String of(Context context) {
        return context.get(RequestId.class).map(RequestId::value).orElse("");
    }

    /** First filter of the chain: assigns the id, puts it on the response and in the logging context. */
    static Filter filter() {
        return RequestId::assign;
    }

    private static void assign(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        RequestId id = fromHeader(req.headers().first(HEADER).orElse(null));
        req.context().register(id);
        res.header(HEADER, id.value());
        HelidonMdc.set(MDC_KEY, id.value());
        try {
            chain.proceed();
        } finally {
            HelidonMdc.remove(MDC_KEY);
        }
    }
}
