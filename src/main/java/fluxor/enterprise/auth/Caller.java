package fluxor.enterprise.auth;

import fluxor.enterprise.http.AppException;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.UUID;

/**
 * The authenticated user of a request, as the access token says. {@code sessionId} is the refresh-token family the
 * token was issued for (its {@code sid} claim), null for a token without one.
 */
public record Caller(UUID id, List<String> roles, UUID sessionId) {
    public Caller {
        roles = List.copyOf(roles);
    }

    public Caller(UUID id, List<String> roles) {
        this(id, roles, null);
    }

    public boolean isAdmin() {
        return roles.contains("admin");
    }

    /** The caller registered by {@link Authenticator}; routes without it never reach here. */
    public static Caller of(ServerRequest req) {
        return req.context()
                .get(Caller.class, Caller.class)
                .orElseThrow(() -> new AppException.Unauthorized("A valid bearer access token is required."));
    }
}
