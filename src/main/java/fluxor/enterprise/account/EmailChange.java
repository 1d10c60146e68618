package fluxor.enterprise.account;

import static fluxor.enterprise.account.AccountMetrics.Flow.EMAIL_CHANGE;

import fluxor.enterprise.auth.Caller;
import fluxor.enterprise.auth.PasswordHasher;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import java.time.Instant;

/**
 * Asking to move an account to another address: the current password is required, the new address gets a link,
 * the old one a notice, and nothing changes until the link is opened ({@link EmailVerification#confirm}).
 */
final class EmailChange {
    private final Flow flow;
    private final UserRepository users;
    private final PasswordHasher hasher;

    EmailChange(Flow flow, UserRepository users, PasswordHasher hasher) {
        this.flow = flow;
        this.users = users;
        this.hasher = hasher;
    }

    void request(Caller caller, String newEmail, String currentPassword) {
        User user = users.findById(caller.id())
                .orElseThrow(() -> new AppException.Unauthorized("The access token is missing, invalid or expired."));
        String address = Addresses.valid("new_email", newEmail);
        try {
            if (User.emailKey(address).equals(User.emailKey(user.email()))) {
                throw new AppException.Validation("new_email", "is already the address of this account");
            }
            if (!hasher.check(currentPassword, user.passwordHash()).matches()) {
                throw new AppException.Unauthorized("The current password is wrong.");
            }
            if (users.findByEmail(address).isPresent()) {
                throw new AppException.Conflict("A user with this email already exists.");
            }
        } catch (AppException e) {
            flow.metrics().failed(EMAIL_CHANGE);
            Audit.log("email_change.failed", "user_id", user.id().toString(), "reason", e.type());
            throw e;
        }
        Instant now = flow.clock().instant();
        String change = Jsons.object()
                .add("user_id", user.id().toString())
                .add("new_email", address)
                .build()
                .toString();
        String notice = Jsons.object()
                .add("user_id", user.id().toString())
                .add("email", user.email())
                .add("new_email", address)
                .build()
                .toString();
        flow.store().inTransaction(tx -> {
            flow.outbox().append(tx, AccountMailer.CHANGE_EMAIL, change, now);
            return flow.outbox().append(tx, AccountMailer.CHANGE_NOTICE, notice, now);
        });
        flow.wake().run();
        flow.metrics().requested(EMAIL_CHANGE);
        Audit.log("email_change.requested", "user_id", user.id().toString());
    }
}
