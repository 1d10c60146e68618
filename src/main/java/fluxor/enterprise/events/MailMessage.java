package fluxor.enterprise.events;

import java.util.Objects;

/** A plain-text email to one recipient. */
public record MailMessage(String to, String subject, String body) {
    public MailMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
    }
}
