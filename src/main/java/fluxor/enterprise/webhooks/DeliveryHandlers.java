package fluxor.enterprise.webhooks;

import fluxor.enterprise.auth.Caller;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.http.Paging;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.UserHandlers;
import fluxor.enterprise.users.UuidV7;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The admin API of deliveries: list (newest first, keyset pages) and retry one now. */
final class DeliveryHandlers {
    private static final Set<String> STATUSES =
            Set.of(DeliveryStore.PENDING, DeliveryStore.DELIVERED, DeliveryStore.FAILED);

    private final DeliveryStore store;
    private final Clock clock;
    private final Runnable wake;

    DeliveryHandlers(DeliveryStore store, Clock clock, Runnable wake) {
        this.store = store;
        this.clock = clock;
        this.wake = wake;
    }

    void list(ServerRequest req, ServerResponse res) {
        String status = req.query().first("status").filter(s -> !s.isEmpty()).orElse(null);
        if (status != null && !STATUSES.contains(status)) {
            throw new AppException.Validation("status", "must be one of pending, delivered, failed");
        }
        int limit = Paging.limit(req, 20);
        List<DeliveryStore.Delivery> page = store.page(status, Paging.after(req), limit + 1);
        boolean more = page.size() > limit;
        List<DeliveryStore.Delivery> items = more ? page.subList(0, limit) : page;
        JsonArrayBuilder array = Jsons.array();
        items.forEach(d -> array.add(json(d)));
        res.send(Jsons.object()
                .add("items", array)
                .add(
                        "next_cursor",
                        more ? Jsons.value(Paging.cursor(items.getLast().id())) : JsonValue.NULL)
                .build());
    }

    void retry(ServerRequest req, ServerResponse res) {
        UUID id = UuidV7.parse(req.path().pathParameters().get("id"))
                .orElseThrow(() -> new AppException.Validation("id", "must be a UUID"));
        if (store.find(id).isEmpty()) {
            throw new AppException.NotFound("No webhook delivery with this id.");
        }
        if (!store.requeue(id, clock.instant())) {
            throw new AppException.Conflict("This delivery is being attempted right now; look again shortly.");
        }
        Audit.log("webhook.retry_requested", "actor_id", Caller.of(req).id().toString(), "delivery_id", id.toString());
        wake.run();
        res.status(Status.ACCEPTED_202).send(json(store.find(id).orElseThrow()));
    }

    static JsonObject json(DeliveryStore.Delivery d) {
        JsonObjectBuilder json = Jsons.object()
                .add("id", d.id().toString())
                .add("event_id", d.eventId().toString())
                .add("event_type", d.eventType())
                .add("endpoint", d.endpoint())
                .add("status", d.status())
                .add("attempts", d.attempts())
                .add("next_attempt_at", UserHandlers.rfc3339(d.nextAttemptAt()))
                .add("created_at", UserHandlers.rfc3339(d.createdAt()))
                .add("updated_at", UserHandlers.rfc3339(d.updatedAt()));
        json.add("last_status", d.lastStatus() == 0 ? JsonValue.NULL : Jsons.value(d.lastStatus()));
        json.add("last_error", d.lastError().isEmpty() ? JsonValue.NULL : Jsons.value(d.lastError()));
        json.add(
                "delivered_at",
                DeliveryStore.DELIVERED.equals(d.status())
                        ? Jsons.value(UserHandlers.rfc3339(d.deliveredAt()))
                        : JsonValue.NULL);
        try (var reader = Jsons.reader(new StringReader(d.body()))) {
            json.add("payload", reader.readObject());
        }
        return json.build();
    }
}
