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
