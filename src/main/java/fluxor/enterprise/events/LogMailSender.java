package fluxor.enterprise.events;

/**
 * The default sender when no SMTP server is configured: logs that an email would be sent, to whom and with which
 * subject. It never logs the body.
 */
public final class LogMailSender implements MailSender {
    private static final System.Logger LOGGER = System.getLogger(LogMailSender.class.getName());

    @Override
    public void send(MailMessage message) {
        LOGGER.log(
                System.Logger.Level.INFO,
                "email not sent (no smtp.host / SMTP_HOST configured): would send to " + message.to()
                        + " with subject \"" + message.subject() + "\"");
    }

    @Override
    public String kind() {
        return "log";
    }
}
