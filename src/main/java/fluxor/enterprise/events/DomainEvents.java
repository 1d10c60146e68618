package fluxor.enterprise.events;

import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserHandlers;
import fluxor.enterprise.users.UserRepository;
import fluxor.enterprise.users.UserService;
import java.time.Clock;
import java.util.List;

/**
 * The outbox types that webhooks publish. Each is written with {@link Outbox#append} in the transaction of the change
 * it reports; the payload has at least {@code user_id} (and {@code session_id} for {@code session.revoked}). Rows
 * of {@link #UPDATED} and {@link #DELETED} also carry the user's JSON as it was at the change ({@code user}), so a
 * webhook sent later reports that state, not a later one.
 */
public final class DomainEvents {
    public static final String REGISTERED = WelcomeEmail.EVENT;
    public static final String EMAIL_VERIFIED = "user.email_verified";
    public static final String UPDATED = "user.updated";
    public static final String DELETED = "user.deleted";
    public static final String PASSWORD_CHANGED = "user.password_changed";
    public static final String LOCKED = "user.locked";
    public static final String SESSION_REVOKED = "session.revoked";
    public static final List<String> ALL =
            List.of(REGISTERED, EMAIL_VERIFIED, UPDATED, DELETED, PASSWORD_CHANGED, LOCKED, SESSION_REVOKED);

    private DomainEvents() {}

    /** The outbox row of a change to a user, written in the change's transaction. */
    public static UserRepository.InSameTransaction snapshot(String type, Outbox outbox, Clock clock) {
        return (tx, user) -> outbox.append(tx, type, payload(user), clock.instant());
    }

    /** The outbox rows PATCH and DELETE write in their transactions, and the worker woken once they commit. */
    public static UserService.ChangeEvents userChanges(Outbox outbox, Clock clock, Runnable committed) {
        return new UserService.ChangeEvents(
                snapshot(UPDATED, outbox, clock),
                snapshot(DELETED, outbox, clock),
                snapshot(PASSWORD_CHANGED, outbox, clock),
                committed);
    }

    static String payload(User user) {
        return Jsons.object()
                .add("user_id", user.id().toString())
                .add("user", UserHandlers.json(user))
                .build()
                .toString();
    }
}
