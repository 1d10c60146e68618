package fluxor.enterprise.events;

/**
 * Sends an email. Returning normally means the mail server (or whatever the implementation hands it to) accepted
 * the message; any exception means it did not, and the caller may try again.
 */
public interface MailSender {
    void send(MailMessage message);

    /** For logs and health details: "log" or "smtp". */
    String kind();
}
