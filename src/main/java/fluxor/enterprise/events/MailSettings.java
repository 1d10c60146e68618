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

    private static final System.Logger LOGGER = System.getLogger(MailSettings.class.getName());

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

    /** SMTP when a host is configured, else the log sender; says which in the log (never the password). */
    public MailSender sender() {
        if (host.isEmpty()) {
            LOGGER.log(
                    System.Logger.Level.WARNING,
                    "mail: no smtp.host (SMTP_HOST): welcome emails are only logged, not sent");
            return new LogMailSender();
        }
        LOGGER.log(
                System.Logger.Level.INFO,
                "mail: SMTP via " + host + ":" + port + " (" + security.name().toLowerCase(Locale.ROOT) + ", "
                        + (authenticated() ? "AUTH as " + user : "no AUTH") + "), from " + from);
        return new SmtpMailSender(this);
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
