package fluxor.enterprise.account;

import fluxor.enterprise.events.Event;
import fluxor.enterprise.events.EventBus;
import fluxor.enterprise.events.MailSender;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox subscribers that send the account emails. The flows write only ids and addresses into the outbox; the
 * token is issued here, when the email is actually sent, so it never exists in clear anywhere but in the email.
 * A redelivered event issues a fresh token, which supersedes the one of the earlier delivery.
 */
final class AccountMailer {
    static final String VERIFY_EMAIL = "mail.verify_email";
    static final String CHANGE_EMAIL = "mail.change_email";
    static final String CHANGE_NOTICE = "mail.email_change_notice";
    static final String RESET_PASSWORD = "mail.reset_password";
    static final String PASSWORD_CHANGED = "user.password_changed";
    static final String LOCKED = "user.locked";

    private final Flow flow;
    private final UserRepository users;
    private final AccountMail mail;
    private final MailSender sender;

    AccountMailer(Flow flow, UserRepository users, AccountMail mail, MailSender sender) {
        this.flow = flow;
        this.users = users;
        this.mail = mail;
        this.sender = sender;
    }

    void subscribe(EventBus bus) {
        bus.subscribe(VERIFY_EMAIL, this::verifyEmail)
                .subscribe(CHANGE_EMAIL, this::changeEmail)
                .subscribe(CHANGE_NOTICE, this::changeNotice)
                .subscribe(RESET_PASSWORD, this::resetPassword)
                .subscribe(PASSWORD_CHANGED, this::passwordChanged)
                .subscribe(LOCKED, this::locked);
    }

    private void verifyEmail(Event event) {
        user(event).filter(u -> !u.emailVerified()).ifPresent(u -> {
            String token = issue(u, TokenKind.VERIFY_EMAIL, u.email());
            sender.send(mail.verify(u.email(), u.name(), token));
        });
    }

    private void changeEmail(Event event) {
        String newEmail = event.payload().getString("new_email");
        user(event).ifPresent(u -> {
            String token = issue(u, TokenKind.CHANGE_EMAIL, newEmail);
            sender.send(mail.change(newEmail, u.name(), token));
        });
    }

    private void changeNotice(Event event) {
        JsonObject p = event.payload();
        user(event)
                .ifPresent(
                        u -> sender.send(mail.changeNotice(p.getString("email"), u.name(), p.getString("new_email"))));
    }

    /** Written for every well-formed reset request; only an existing, enabled account gets an email. */
    private void resetPassword(Event event) {
        users.findByEmail(event.payload().getString("email"))
                .filter(u -> !u.disabled())
                .ifPresent(u -> {
                    String token = issue(u, TokenKind.RESET_PASSWORD, u.email());
                    sender.send(mail.reset(u.email(), u.name(), token));
                });
    }

    private void passwordChanged(Event event) {
        user(event).ifPresent(u -> sender.send(mail.passwordChanged(u.email(), u.name())));
    }

    /** The account-wide lockout (sessions' login lockout writes the event): the owner gets an unlock link. */
    private void locked(Event event) {
        user(event).ifPresent(u -> {
            String token = issue(u, TokenKind.UNLOCK, u.email());
            sender.send(mail.unlock(u.email(), u.name(), token));
            flow.metrics().requested(AccountMetrics.Flow.UNLOCK);
        });
    }

    private String issue(User user, TokenKind kind, String email) {
        String token = flow.store()
                .inTransaction(tx -> flow.tokens()
                        .issue(tx, user.id(), kind, email, flow.clock().instant()));
        Audit.log("account.token_issued", "user_id", user.id().toString(), "kind", kind.name());
        return token;
    }

    /** The event's user, if it still exists (a deleted account gets no email). */
    private Optional<User> user(Event event) {
        return users.findById(UUID.fromString(event.payload().getString("user_id")));
    }
}
