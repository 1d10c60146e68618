package fluxor.enterprise.events;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Something that happened and was committed: an outbox row, as subscribers see it. */
public record Event(UUID id, String type, JsonObject payload, Instant createdAt) {
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
