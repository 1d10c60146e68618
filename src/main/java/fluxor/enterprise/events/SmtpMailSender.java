package fluxor.enterprise.events;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Sends through an SMTP server with Jakarta Mail (Angus Mail). {@link #send} returns only once the server accepted
 * the message (its reply to the end of DATA); every failure, including timeouts, becomes a {@link MailException}.
 */
public final class SmtpMailSender implements MailSender {
    private final MailSettings settings;
    private final Session session;
    private final InternetAddress from;

    public SmtpMailSender(MailSettings settings) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
        try {
            this.from = new InternetAddress(settings.from(), true);
        } catch (AddressException e) {
            throw new IllegalStateException("mail.from (MAIL_FROM) is not a valid address: " + settings.from(), e);
        }
    }

    private static Properties properties(MailSettings settings) {
        String timeout = Long.toString(settings.timeout().toMillis());
        String protocol = settings.security() == MailSettings.Security.SSL ? "smtps" : "smtp";
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", protocol);
        p.setProperty("mail." + protocol + ".host", settings.host());
        p.setProperty("mail." + protocol + ".port", Integer.toString(settings.port()));
        p.setProperty("mail." + protocol + ".auth", Boolean.toString(settings.authenticated()));
        // Without timeouts a silent server would hold the outbox worker forever.
        p.setProperty("mail." + protocol + ".connectiontimeout", timeout);
        p.setProperty("mail." + protocol + ".timeout", timeout);
        p.setProperty("mail." + protocol + ".writetimeout", timeout);
        if (settings.security() == MailSettings.Security.STARTTLS) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        if (settings.security() != MailSettings.Security.NONE) {
            p.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        return p;
    }

    @Override
    @SuppressWarnings("JavaUtilDate") // MimeMessage.setSentDate takes a java.util.Date
    public void send(MailMessage message) {
        try {
            MimeMessage mime = new MimeMessage(session);
            mime.setFrom(from);
            mime.setRecipient(Message.RecipientType.TO, new InternetAddress(message.to(), true));
            mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
            if (message.html() == null) {
                mime.setText(message.body(), StandardCharsets.UTF_8.name());
            } else {
                mime.setContent(alternative(message));
            }
            mime.setSentDate(new Date());
            if (settings.authenticated()) {
                Transport.send(mime, settings.user(), settings.password());
            } else {
                Transport.send(mime);
            }
        } catch (MessagingException e) {
            throw new MailException(
                    "SMTP server " + settings.host() + ":" + settings.port() + " did not accept the " + "message: "
                            + e.getMessage(),
                    e);
        }
    }

    /** Text first, HTML last: clients show the last alternative they can render. */
    private static MimeMultipart alternative(MailMessage message) throws MessagingException {
        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.body(), StandardCharsets.UTF_8.name());
        MimeBodyPart html = new MimeBodyPart();
        html.setText(message.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart multipart = new MimeMultipart("alternative");
        multipart.addBodyPart(text);
        multipart.addBodyPart(html);
        return multipart;
    }

    @Override
    public String kind() {
        return "smtp";
    }
}
