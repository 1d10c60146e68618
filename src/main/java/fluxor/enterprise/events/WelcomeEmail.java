package fluxor.enterprise.events;

import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import jakarta.json.JsonObject;
import java.time.Clock;

/**
 * The welcome email: a {@code user.registered} outbox row written in the registration's transaction, and the
 * subscriber that turns it into a plain-text email.
 */
public final class WelcomeEmail implements EventSubscriber {
    public static final String EVENT = "user.registered";
    static final String SUBJECT = "Welcome to Fluxor Enterprise";
    private static final int MAX_NAME = 100;

    private final MailSender sender;

    public WelcomeEmail(MailSender sender) {
        this.sender = sender;
    }

    /** The registration hook: the outbox row commits or rolls back with the user. */
    public static UserRepository.InSameTransaction inRegistration(Outbox outbox, Clock clock) {
        return (tx, user) -> outbox.append(tx, EVENT, payload(user).toString(), clock.instant());
    }

    static JsonObject payload(User user) {
        return Jsons.object()
                .add("user_id", user.id().toString())
                .add("email", user.email())
                .add("name", user.name())
                .build();
    }

    @Override
    public void on(Event event) {
        JsonObject p = event.payload();
        sender.send(message(p.getString("email"), p.getString("name")));
    }

    static MailMessage message(String email, String name) {
        String body = "Hello " + plain(name) + ",\n"
                + "\n"
                + "your Fluxor Enterprise account for " + plain(email) + " is ready. You can sign in now.\n"
                + "\n"
                + "If you did not create this account, ignore this email; nothing else will be sent to you.\n"
                + "\n"
                + "-- Fluxor Enterprise\n";
        return new MailMessage(email, SUBJECT, body);
    }

    /**
     * User-provided text made safe for a plain-text body: control characters (line breaks included, so a name
     * cannot forge extra lines or headers), bidi overrides and other format characters become spaces, runs of
     * spaces collapse, and the result is capped in length.
     */
    public static String plain(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_NAME));
        text.codePoints().forEach(cp -> {
            boolean invisible = Character.isISOControl(cp)
                    || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.LINE_SEPARATOR
                    || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR;
            out.appendCodePoint(invisible || Character.isWhitespace(cp) ? ' ' : cp);
        });
        String collapsed = out.toString().trim().replaceAll(" {2,}", " ");
        if (collapsed.codePointCount(0, collapsed.length()) > MAX_NAME) {
            collapsed = collapsed.substring(0, collapsed.offsetByCodePoints(0, MAX_NAME)) + "...";
        }
        return collapsed.isEmpty() ? "there" : collapsed;
    }
}
