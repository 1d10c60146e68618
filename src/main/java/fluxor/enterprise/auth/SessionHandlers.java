package fluxor.enterprise.auth;

import fluxor.enterprise.http.AppException;
import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.users.UuidV7;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/** {@code /api/v1/users/me/sessions}: thin adapters over {@link SessionService}. */
public final class SessionHandlers {
    private final SessionService service;

    private SessionHandlers(SessionService service) {
        this.service = service;
    }

    public static SessionHandlers create(RefreshTokenRepository tokens, Revocations revocations, Clock clock) {
        return new SessionHandlers(new SessionService(tokens, revocations, clock));
    }

    public void list(ServerRequest req, ServerResponse res) {
        Caller caller = Caller.of(req);
        JsonArrayBuilder items = Jsons.array();
        for (SessionStore.Session s : service.list(caller)) {
            items.add(Jsons.object()
                    .add("id", s.id().toString())
                    .add("created_at", rfc3339(s.createdAt()))
                    .add("last_used_at", rfc3339(s.lastUsedAt()))
                    .add("expires_at", rfc3339(s.expiresAt()))
                    .add("user_agent", s.userAgent())
                    .add("ip", s.ip())
                    .add("current", Objects.equals(s.id(), caller.sessionId())));
        }
        res.send(Jsons.object().add("items", items).build());
    }

    public void revoke(ServerRequest req, ServerResponse res) {
        UUID id = UuidV7.parse(req.path().pathParameters().get("id"))
                .orElseThrow(() -> new AppException.Validation("id", "must be a UUID"));
        service.revoke(Caller.of(req), id);
        res.status(Status.NO_CONTENT_204).send();
    }

    public void revokeAll(ServerRequest req, ServerResponse res) {
        service.revokeAll(Caller.of(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
    }
}
