package fluxor.enterprise.account;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.events.MailMessage;
import fluxor.enterprise.events.RecordingMailSender;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The emails the service sent in a test, waited for (the outbox delivers them just after the commit). */
final class Mailbox {
    static final String PUBLIC_URL = "https://accounts.example.test";
    private static final Pattern TOKEN = Pattern.compile("\\?token=([A-Za-z0-9_-]+)");

    final RecordingMailSender sender = new RecordingMailSender();

    /** The {@code n}-th (1-based) email to {@code to} with this subject, once it arrived (within 10 s). */
    MailMessage await(String to, String subject, int n) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<MailMessage> matching = sender.to(to).stream()
                    .filter(m -> m.subject().equals(subject))
                    .toList();
            if (matching.size() >= n) {
                return matching.get(n - 1);
            }
            sleep(20);
        }
        throw new AssertionError("no email #" + n + " \"" + subject + "\" to " + to + "; got " + sender.accepted());
    }

    MailMessage await(String to, String subject) {
        return await(to, subject, 1);
    }

    /** The token of the link {@code {public url}/<action>?token=...} in the email's text part. */
    static String token(MailMessage mail, String action) {
        Matcher m = Pattern.compile(Pattern.quote(PUBLIC_URL + "/" + action) + TOKEN.pattern())
                .matcher(mail.body());
        assertThat(mail.body(), m.find(), is(true));
        return m.group(1);
    }

    long count(String to, String subject) {
        return sender.to(to).stream().filter(m -> m.subject().equals(subject)).count();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
