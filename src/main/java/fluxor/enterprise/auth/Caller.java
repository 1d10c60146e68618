package fluxor.enterprise.auth;

import fluxor.enterprise.http.AppException;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.UUID;

/** The authenticated user of a request, as the access token says. */
public record Caller(UUID id, List<String> roles) {
    public Caller {
        roles = List.copyOf(roles);
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
