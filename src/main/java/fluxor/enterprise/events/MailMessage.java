package fluxor.enterprise.events;

import java.util.Objects;

/**
 * An email to one recipient: a plain-text body and, when {@code html} is not null, an HTML alternative of the same
 * content (senders that can, send both as multipart/alternative).
 */
public record MailMessage(String to, String subject, String body, String html) {
    public MailMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
    }

    /** Plain text only. */
    public MailMessage(String to, String subject, String body) {
        this(to, subject, body, null);
    }
}
