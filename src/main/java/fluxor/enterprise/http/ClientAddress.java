package fluxor.enterprise.http;

import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;

/**
 * The client of a request as the edge resolved it ({@code X-Forwarded-For} only from trusted proxies), in the
 * request context for handlers. {@code ip} is the address itself (what a sessions list shows); {@code key} is the
 * identity per-client limits count by (the IPv4 address, or the IPv6 /64, which one subscriber usually holds).
 */
public record ClientAddress(String ip, String key) {
    public static final ClientAddress UNKNOWN = new ClientAddress("unknown", "unknown");

    static ClientAddress of(InetAddress address) {
        return address == null ? UNKNOWN : new ClientAddress(address.getHostAddress(), ClientIp.key(address));
    }

    /** What the edge registered; "unknown" on paths it does not see (health, metrics) or without an IP peer. */
    public static ClientAddress of(ServerRequest req) {
        return req.context().get(ClientAddress.class).orElse(UNKNOWN);
    }
}
