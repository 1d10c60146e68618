package fluxor.enterprise.auth;

import fluxor.enterprise.http.JsonBody;
import fluxor.enterprise.http.Jsons;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Set;

/** Thin HTTP adapters for login, refresh, logout and the public key set. */
public final class AuthHandlers {
    private static final Set<String> LOGIN_FIELDS = Set.of("email", "password");
    private static final Set<String> REFRESH_FIELDS = Set.of("refresh_token");
    private static final int MAX_TOKEN_LENGTH = 4096;

    private final AuthService service;
    private final SigningKeys keys;

    public AuthHandlers(AuthService service, SigningKeys keys) {
        this.service = service;
        this.keys = keys;
    }

    public void login(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, LOGIN_FIELDS);
        String email = body.requiredString("email", 1, 254);
        String password = body.requiredString("password", 1, 1024);
        body.validate();
        switch (service.login(email, password, LoginClient.of(req))) {
            case AuthService.TokenPair pair -> send(res, pair);
            case AuthService.SecondFactorRequired mfa ->
                res.send(Jsons.object()
                        .add("mfa_required", true)
                        .add("mfa_token", mfa.mfaToken())
                        .add("expires_in", mfa.expiresIn())
                        .build());
        }
    }

    public void refresh(ServerRequest req, ServerResponse res) {
        send(res, service.refresh(refreshToken(req), LoginClient.of(req)));
    }

    public void logout(ServerRequest req, ServerResponse res) {
        service.logout(Caller.of(req), refreshToken(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    public void jwks(ServerRequest req, ServerResponse res) {
        res.send(keys.publicJwks());
    }

    private static String refreshToken(ServerRequest req) {
        JsonBody body = JsonBody.read(req, REFRESH_FIELDS);
        // as long as an access token may be, so that one sent by mistake is an invalid token (401), not a 400
        String token = body.requiredString("refresh_token", 1, MAX_TOKEN_LENGTH);
        body.validate();
        return token;
    }

    /** The token pair's JSON; two-factor login's second step answers with it too. */
    public static void send(ServerResponse res, AuthService.TokenPair pair) {
        res.send(Jsons.object()
                .add("access_token", pair.accessToken())
                .add("token_type", "Bearer")
                .add("expires_in", pair.expiresIn())
                .add("refresh_token", pair.refreshToken())
                .build());
    }
}
