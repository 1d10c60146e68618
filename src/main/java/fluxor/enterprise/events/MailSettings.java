package fluxor.enterprise.events;

import io.helidon.config.Config;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code smtp.*} and {@code mail.from} (SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, MAIL_FROM, SMTP_SECURITY,
 * SMTP_TIMEOUT). No host means the {@link LogMailSender}.
 */
public record MailSettings(
        String host, int port, String user, String password, String from, Security security, Duration timeout) {
    /** How the SMTP connection is protected. */
    public enum Security {
        /** Plain connection upgraded with STARTTLS, which is required (port 587). */
        STARTTLS,
        /** TLS from the first byte (port 465). */
        SSL,
        /** No TLS at all: only for a relay on the same host or network (port 25). */
        NONE
    }

    public static MailSettings from(Config config) {
        String security =
                config.get("smtp.security").asString().orElse("starttls").trim().toUpperCase(Locale.ROOT);
        Security parsed;
        try {
            parsed = Security.valueOf(security);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "smtp.security (SMTP_SECURITY) must be starttls, ssl or none, not "
                            + security.toLowerCase(Locale.ROOT),
                    e);
        }
        return new MailSettings(
                config.get("smtp.host").asString().orElse("").trim(),
                config.get("smtp.port").asInt().orElse(587),
                config.get("smtp.user").asString().orElse(""),
                config.get("smtp.password").asString().orElse(""),
                config.get("mail.from").asString().orElse("Fluxor Enterprise <no-reply@fluxor.example>"),
                parsed,
                config.get("smtp.timeout").as(Duration.class).orElse(Duration.ofSeconds(10)));
    }

    /** SMTP when a host is configured, else the log sender. */
    public MailSender sender() {
        return host.isEmpty() ? new LogMailSender() : new SmtpMailSender(this);
    }

    public boolean authenticated() {
        return !user.isEmpty();
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "***") + ", from=" + from + ", security=" + security + ", timeout="
                + timeout + "]";
    }
}
