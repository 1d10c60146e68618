package fluxor.enterprise.webhooks;

import fluxor.enterprise.events.DomainEvents;
import fluxor.enterprise.events.EventBus;
import fluxor.enterprise.health.Health;
import fluxor.enterprise.users.UserHandlers;
import fluxor.enterprise.users.UserRepository;
import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Signed webhooks (Standard Webhooks) from the outbox: the fan-out subscribes to every webhook event type, the
 * worker attempts deliveries per endpoint, and {@link #list}/{@link #retry} are the admin routes. Built from
 * {@code webhooks.*} / {@code WEBHOOK_*}; without endpoints events are still accepted and simply go nowhere.
 */
public final class Webhooks implements AutoCloseable {
    private final DeliveryWorker worker;
    private final DeliveryHandlers handlers;

    private Webhooks(DeliveryWorker worker, DeliveryHandlers handlers) {
        this.worker = worker;
        this.handlers = handlers;
    }

    public static Webhooks create(
            Config config, DbClient db, EventBus bus, UserRepository users, Clock clock, Health health) {
        WebhookSettings settings = WebhookSettings.from(config);
        DeliveryStore store = new DeliveryStore(db);
        DeliveryWorker worker = new DeliveryWorker(
                store,
                new WebhookSender(settings.connectTimeout(), settings.readTimeout()),
                settings,
                clock,
                new WebhookMetrics(),
                new SecureRandom()::nextDouble);
        FanOut fanOut = new FanOut(
                settings.endpoints(), store, id -> users.findById(id).map(UserHandlers::json), clock, worker::wake);
        for (String type : DomainEvents.ALL) {
            bus.subscribe(type, fanOut);
        }
        WebhookMetrics.registerBacklog(
                settings.endpoints(), name -> worker.backlog(name).pending());
        health.add(new WebhookHealthCheck(worker, settings.endpoints()));
        return new Webhooks(worker, new DeliveryHandlers(store, clock, worker::wake));
    }

    public Webhooks start() {
        worker.start();
        return this;
    }

    /** {@code GET /api/v1/admin/webhook-deliveries?status=&limit=&cursor=} (admin). */
    public void list(ServerRequest req, ServerResponse res) {
        handlers.list(req, res);
    }

    /** {@code POST /api/v1/admin/webhook-deliveries/{id}/retry} (admin): due now, 202. */
    public void retry(ServerRequest req, ServerResponse res) {
        handlers.retry(req, res);
    }

    @Override
    public void close() {
        worker.close();
    }
}
