package fluxor.enterprise.mfa;

import fluxor.enterprise.events.Event;
import fluxor.enterprise.events.EventSubscriber;
import fluxor.enterprise.events.MailMessage;
import fluxor.enterprise.events.MailSender;
import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.users.User;
import jakarta.json.JsonObject;

/**
 * The notice a user gets when an administrator resets their two-factor login: written to the outbox in the reset's
 * transaction, sent by the worker. The body holds no user-supplied text, so nothing in it needs escaping.
 */
final class MfaResetNotice implements EventSubscriber {
    static final String EVENT = "mail.mfa_reset_notice";
    static final String SUBJECT = "Two-factor login was turned off for your account";
    private static final String BODY = """
            Hello,

            an administrator has turned off two-factor login for your Fluxor Enterprise account, and every session \
            of the account was signed out. You can sign in with your password alone now; turn two-factor login \
            back on from your account settings.

            If you did not ask for this, change your password and contact your administrator.

            -- Fluxor Enterprise
            """;

    private final MailSender sender;

    MfaResetNotice(MailSender sender) {
        this.sender = sender;
    }

    static JsonObject payload(User user) {
        return Jsons.object()
                .add("user_id", user.id().toString())
                .add("email", user.email())
                .build();
    }

    @Override
    public void on(Event event) {
        sender.send(new MailMessage(event.payload().getString("email"), SUBJECT, BODY));
    }
}
