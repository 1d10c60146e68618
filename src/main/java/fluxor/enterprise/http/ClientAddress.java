package fluxor.enterprise.http;

import io.helidon.webserver.http.ServerRequest;

/**
 * The client's address as the edge resolved it (X-Forwarded-For only from trusted proxies; an IPv6 client as its
 * /64), registered in the request context by the rate limiter for handlers that keep per-client state.
 */
public record ClientAddress(String value) {
    /** The resolved client, or "unknown" on routes the edge does not limit. */
    public static String of(ServerRequest req) {
        return req.context().get(ClientAddress.class).map(ClientAddress::value).orElse("unknown");
    }
}
