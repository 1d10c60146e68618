package fluxor.enterprise.auth;

import fluxor.enterprise.http.ClientAddress;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/** Who is logging in or refreshing: the client as the edge resolved it, and its User-Agent (stored truncated). */
public record LoginClient(ClientAddress address, String userAgent) {
    public static LoginClient of(ServerRequest req) {
        return new LoginClient(
                ClientAddress.of(req),
                req.headers().first(HeaderNames.USER_AGENT).orElse(""));
    }
}
