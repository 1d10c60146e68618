package fluxor.enterprise.webhooks;

import fluxor.enterprise.events.Event;
import fluxor.enterprise.events.EventSubscriber;
import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.users.UserHandlers;
import fluxor.enterprise.users.UuidV7;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The outbox subscriber of every webhook event type: one delivery row per endpoint that wants the type, with the
 * body fixed now so that every retry sends (and signs) the same bytes. Idempotent per (event, endpoint), so an
 * event the outbox delivers again fans out once. The HTTP attempts happen later, in {@link DeliveryWorker}.
 */
final class FanOut implements EventSubscriber {
    private static final Set<String> IDENTITY = Set.of("user_id", "user", "email", "name");

    private final List<WebhookEndpoint> endpoints;
    private final DeliveryStore store;
    private final Function<UUID, Optional<JsonObject>> currentUser;
    private final Clock clock;
    private final Runnable wake;

    FanOut(
            List<WebhookEndpoint> endpoints,
            DeliveryStore store,
            Function<UUID, Optional<JsonObject>> currentUser,
            Clock clock,
            Runnable wake) {
        this.endpoints = List.copyOf(endpoints);
        this.store = store;
        this.currentUser = currentUser;
        this.clock = clock;
        this.wake = wake;
    }

    @Override
    public void on(Event event) {
        String body = null;
        boolean added = false;
        for (WebhookEndpoint endpoint : endpoints) {
            if (endpoint.accepts(event.type())) {
                if (body == null) {
                    body = body(event);
                }
                added |= store.insertIfAbsent(
                        UuidV7.next(), event.id(), endpoint.name(), event.type(), body, clock.instant());
            }
        }
        if (added) {
            wake.run();
        }
    }

    /** {@code {"type","timestamp","data"}}, minified: the exact bytes signed and sent. */
    String body(Event event) {
        return Jsons.object()
                .add("type", event.type())
                .add("timestamp", UserHandlers.rfc3339(event.createdAt()))
                .add("data", data(event.payload()))
                .build()
                .toString();
    }

    /**
     * The user as the change left it: the snapshot the event carries (updates, deletion), else the user as stored
     * now, else what the payload says; plus the payload's own facts (e.g. {@code session_id}, {@code locked_until}).
     */
    private JsonObject data(JsonObject payload) {
        if (payload.get("user") instanceof JsonObject snapshot) {
            return snapshot;
        }
        Optional<JsonObject> user = Optional.empty();
        if (payload.get("user_id") instanceof jakarta.json.JsonString id) {
            user = UuidV7.parse(id.getString()).flatMap(currentUser);
        }
        if (user.isEmpty()) {
            return payload;
        }
        JsonObjectBuilder data = Jsons.object(user.get());
        for (var field : payload.entrySet()) {
            if (!IDENTITY.contains(field.getKey()) && !user.get().containsKey(field.getKey())) {
                data.add(field.getKey(), field.getValue() == null ? JsonValue.NULL : field.getValue());
            }
        }
        return data.build();
    }
}
