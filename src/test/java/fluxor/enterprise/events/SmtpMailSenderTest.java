package fluxor.enterprise.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fluxor.enterprise.TestApp;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SMTP sender against a tiny in-test SMTP server on 127.0.0.1. */
class SmtpMailSenderTest {
    private FakeSmtpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeSmtpServer();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private MailSender sender(Map<String, String> extra) {
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "smtp.host",
                "127.0.0.1",
                "smtp.port",
                Integer.toString(server.port()),
                "smtp.security",
                "none",
                "smtp.timeout",
                "PT5S",
                "mail.from",
                "Fluxor Test <no-reply@fluxor.test>"));
        config.putAll(extra);
        return MailSettings.from(TestApp.config(config)).sender();
    }

    @Test
    void theWelcomeEmailArrivesForTheRecipientWithItsSubjectAndBody() {
        MailSender sender = sender(Map.of());
        assertThat(sender, instanceOf(SmtpMailSender.class));
        assertThat(sender.kind(), is("smtp"));

        sender.send(WelcomeEmail.message("ada@example.com", "Ada Lovelace"));

        assertThat(server.received(), hasSize(1));
        FakeSmtpServer.Received mail = server.received().getFirst();
        assertThat(mail.from(), is("<no-reply@fluxor.test>"));
        assertThat(mail.recipients(), contains("<ada@example.com>"));
        assertThat(mail.data(), containsString("Subject: Welcome to Fluxor Enterprise\r\n"));
        assertThat(mail.data(), containsString("To: ada@example.com\r\n"));
        assertThat(mail.data(), containsString("From: Fluxor Test <no-reply@fluxor.test>\r\n"));
        assertThat(mail.data(), containsString("Content-Type: text/plain; charset=UTF-8"));
        assertThat(mail.data(), containsString("Hello Ada Lovelace,"));
        assertThat(mail.authUser(), is(nullValue()));
    }

    @Test
    void aMessageWithHtmlArrivesAsMultipartAlternativeWithTheTextPartFirst() throws Exception {
        String html =
                "<p>Hello &lt;b&gt;Ada&lt;/b&gt;, <a href=\"https://x.test/verify-email?token=abc\">confirm</a></p>";
        sender(Map.of())
                .send(new MailMessage(
                        "ada@example.com", "Confirm", "Hello <b>Ada</b>, https://x.test/verify-email?token=abc", html));

        String data = server.received().getFirst().data();
        jakarta.mail.internet.MimeMessage parsed = new jakarta.mail.internet.MimeMessage(
                jakarta.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(data.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(parsed.getContentType(), containsString("multipart/alternative"));
        jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) parsed.getContent();
        assertThat(parts.getCount(), is(2));
        assertThat(parts.getBodyPart(0).getContentType(), containsString("text/plain; charset=UTF-8"));
        assertThat((String) parts.getBodyPart(0).getContent(), containsString("https://x.test/verify-email?token=abc"));
        assertThat(parts.getBodyPart(1).getContentType(), containsString("text/html; charset=UTF-8"));
        assertThat((String) parts.getBodyPart(1).getContent(), is(html));
    }

    @Test
    void theLogSenderLogsRecipientAndSubjectButNeverTheBodyOrLink() {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(LogMailSender.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            new LogMailSender()
                    .send(new MailMessage(
                            "ada@example.com",
                            "Reset your password",
                            "open https://x.test/reset-password?token=SECRET-TOKEN-123",
                            "<a href=\"https://x.test/reset-password?token=SECRET-TOKEN-123\">reset</a>"));
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(lines, hasSize(1));
        assertThat(lines.getFirst(), containsString("ada@example.com"));
        assertThat(lines.getFirst(), containsString("Reset your password"));
        assertThat(lines.getFirst(), not(containsString("SECRET-TOKEN-123")));
        assertThat(lines.getFirst(), not(containsString("reset-password?")));
    }

    @Test
    void authenticatesWithTheConfiguredUserAndPassword() {
        sender(Map.of("smtp.user", "mailer", "smtp.password", "s3cret-pass"))
                .send(new MailMessage("grace@example.com", "subject", "body"));

        FakeSmtpServer.Received mail = server.received().getFirst();
        assertThat(mail.authUser(), is("mailer"));
        assertThat(mail.authPassword(), is("s3cret-pass"));
    }

    @Test
    void aTemporaryRejectionIsAMailExceptionWithoutTheSecret() {
        server.rejectRecipients(true);
        MailSender sender = sender(Map.of("smtp.user", "mailer", "smtp.password", "s3cret-pass"));

        MailException e =
                assertThrows(MailException.class, () -> sender.send(new MailMessage("alan@example.com", "s", "b")));
        assertThat(e.getMessage(), containsString("127.0.0.1:" + server.port()));
        assertThat(e.getMessage(), not(containsString("s3cret-pass")));
        assertThat(server.received(), empty());
    }

    @Test
    void requiredStartTlsRefusesToSendInTheClear() {
        MailSender sender = sender(Map.of("smtp.security", "starttls"));

        assertThrows(MailException.class, () -> sender.send(new MailMessage("k@example.com", "s", "b")));
        assertThat(server.received(), empty());
    }

    @Test
    void withoutAHostTheLogSenderIsUsedAndThePasswordNeverPrinted() {
        MailSettings settings = MailSettings.from(TestApp.config(Map.of("smtp.password", "hunter2-secret")));
        assertThat(settings.sender(), instanceOf(LogMailSender.class));
        assertThat(settings.sender().kind(), is("log"));
        assertThat(settings.toString(), not(containsString("hunter2-secret")));
    }

    @Test
    void anUnknownSecurityModeIsRefusedAtStart() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> MailSettings.from(TestApp.config(Map.of("smtp.security", "tls-maybe"))));
        assertThat(e.getMessage(), containsString("SMTP_SECURITY"));
    }
}
