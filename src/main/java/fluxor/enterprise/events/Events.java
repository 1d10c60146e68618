package fluxor.enterprise.events;

import fluxor.enterprise.health.Health;
import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import java.time.Clock;

/**
 * The events feature as App wires it: the outbox every change writes to, the bus its worker delivers to (features
 * subscribe before {@link #start()}), and the mail sender (SMTP when smtp.host is set, else the log sender).
 */
public final class Events implements AutoCloseable {
    private final MailSender mail;
    private final Outbox outbox;
    private final EventBus bus;
    private final OutboxWorker worker;

    private Events(MailSender mail, Outbox outbox, EventBus bus, OutboxWorker worker) {
        this.mail = mail;
        this.outbox = outbox;
        this.bus = bus;
        this.worker = worker;
    }

    /** {@code mailSender} null means the configured one; the worker and backlog report to {@code health}. */
    public static Events create(Config config, DbClient db, MailSender mailSender, Clock clock, Health health) {
        MailSender mail =
                mailSender != null ? mailSender : MailSettings.from(config).sender();
        Outbox outbox = new Outbox(db);
        EventBus bus = new EventBus();
        OutboxWorker worker = new OutboxWorker(outbox, bus, OutboxSettings.from(config), clock, new OutboxMetrics());
        OutboxMetrics.registerBacklog(() -> worker.stats().pending());
        health.add(new OutboxHealthCheck(worker, mail));
        return new Events(mail, outbox, bus, worker);
    }

    public MailSender mail() {
        return mail;
    }

    public Outbox outbox() {
        return outbox;
    }

    public EventBus bus() {
        return bus;
    }

    /** A change committed: deliver now rather than at the next poll. */
    public void wake() {
        worker.wake();
    }

    public void start() {
        worker.start();
    }

    /** Before the pool closes: the message in hand finishes, the rest is released. */
    @Override
    public void close() {
        worker.close();
    }
}
