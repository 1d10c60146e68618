package fluxor.enterprise.account;

import fluxor.enterprise.auth.Caller;
import fluxor.enterprise.http.ClientAddress;
import fluxor.enterprise.http.JsonBody;
import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.users.UserHandlers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import java.util.Set;

/** Thin HTTP adapters for email verification, password reset, email change and unlock. */
public final class AccountHandlers {
    private static final Set<String> TOKEN_FIELDS = Set.of("token");
    private static final Set<String> RESET_FIELDS = Set.of("email");
    private static final Set<String> RESET_CONFIRM_FIELDS = Set.of("token", "new_password");
    private static final Set<String> CHANGE_FIELDS = Set.of("new_email", "current_password");
    // The same body whether or not an account has the address.
    private static final JsonObject RESET_ACCEPTED =
            accepted("If an account uses this address, an email with a reset link is on its way.");
    private static final JsonObject VERIFICATION_ACCEPTED = accepted("A verification email is on its way.");
    private static final JsonObject CHANGE_ACCEPTED =
            accepted("A confirmation link was sent to the new address; nothing changes until it is opened.");

    private final EmailVerification verification;
    private final PasswordReset reset;
    private final EmailChange change;
    private final Unlock unlock;

    AccountHandlers(EmailVerification verification, PasswordReset reset, EmailChange change, Unlock unlock) {
        this.verification = verification;
        this.reset = reset;
        this.change = change;
        this.unlock = unlock;
    }

    public void resendVerification(ServerRequest req, ServerResponse res) {
        verification.resend(Caller.of(req), ClientAddress.of(req).key());
        res.status(Status.ACCEPTED_202).send(VERIFICATION_ACCEPTED);
    }

    public void confirmVerification(ServerRequest req, ServerResponse res) {
        res.send(UserHandlers.json(verification.confirm(token(req))));
    }

    public void requestReset(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, RESET_FIELDS);
        String email = body.requiredString("email", 3, 254);
        body.validate();
        reset.request(email, ClientAddress.of(req).key());
        res.status(Status.ACCEPTED_202).send(RESET_ACCEPTED);
    }

    public void confirmReset(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, RESET_CONFIRM_FIELDS);
        String token = body.requiredString("token", 1, 512);
        String password = body.requiredString("new_password", 1, 1024);
        body.validate();
        reset.confirm(token, password);
        res.status(Status.NO_CONTENT_204).send();
    }

    public void requestEmailChange(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, CHANGE_FIELDS);
        String email = body.requiredString("new_email", 3, 254);
        String password = body.requiredString("current_password", 1, 1024);
        body.validate();
        change.request(Caller.of(req), email, password);
        res.status(Status.ACCEPTED_202).send(CHANGE_ACCEPTED);
    }

    public void unlock(ServerRequest req, ServerResponse res) {
        unlock.confirm(token(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private static String token(ServerRequest req) {
        JsonBody body = JsonBody.read(req, TOKEN_FIELDS);
        String token = body.requiredString("token", 1, 512);
        body.validate();
        return token;
    }

    private static JsonObject accepted(String detail) {
        return Jsons.object().add("status", "accepted").add("detail", detail).build();
    }
}
