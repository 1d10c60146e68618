package fluxor.enterprise.events;

import java.io.Serial;

/** The mail server did not accept a message (connection, authentication or rejection). */
public final class MailException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public MailException(String message, Throwable cause) {
        super(message, cause);
    }
}
