package fluxor.enterprise.users;

import fluxor.enterprise.auth.Caller;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.http.JsonBody;
import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.http.Paging;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Thin HTTP adapters for the users API: parse, call {@link UserService}, write JSON. */
public final class UserHandlers {
    private static final Set<String> REGISTER_FIELDS = Set.of("email", "password", "name");
    private static final Set<String> PATCH_FIELDS = Set.of("name", "password", "current_password", "roles", "disabled");
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final UserService service;

    public UserHandlers(UserService service) {
        this.service = service;
    }

    public void register(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, REGISTER_FIELDS);
        // The password's own length rule is checked by the policy; this only bounds what we read.
        String email = body.requiredString("email", 3, 254);
        String password = body.requiredString("password", 1, 1024);
        String name = body.requiredString("name", 1, 100);
        body.validate();
        User user = service.register(email, password, name);
        res.status(Status.CREATED_201)
                .header(HeaderNames.LOCATION, "/api/v1/users/" + user.id())
                .send(json(user));
    }

    public void me(ServerRequest req, ServerResponse res) {
        sendTagged(req, res, service.me(Caller.of(req)));
    }

    public void list(ServerRequest req, ServerResponse res) {
        int limit = Paging.limit(req, 20);
        UUID after = Paging.after(req);
        List<User> page = service.page(Caller.of(req), after, limit + 1);
        boolean more = page.size() > limit;
        List<User> items = more ? page.subList(0, limit) : page;
        JsonArrayBuilder array = Jsons.array();
        items.forEach(u -> array.add(json(u)));
        var body = Jsons.object().add("items", array);
        if (more) {
            body.add("next_cursor", Paging.cursor(items.getLast().id()));
        } else {
            body.add("next_cursor", JsonValue.NULL);
        }
        res.send(body.build());
    }

    public void get(ServerRequest req, ServerResponse res) {
        sendTagged(req, res, service.get(Caller.of(req), pathId(req)));
    }

    /** The user with its ETag, or 304 without a body when If-None-Match names the current one. */
    private static void sendTagged(ServerRequest req, ServerResponse res, User user) {
        res.header(HeaderNames.ETAG, ETags.of(user));
        ETags.Condition ifNoneMatch = ETags.ifNoneMatch(req);
        if (ifNoneMatch != null && ifNoneMatch.matchesWeakly(user)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.send(json(user));
    }

    public void patch(ServerRequest req, ServerResponse res) {
        UUID id = pathId(req);
        JsonBody body = JsonBody.read(req, PATCH_FIELDS);
        String name = body.optionalString("name", 1, 100).orElse(null);
        String password = body.optionalString("password", 1, 1024).orElse(null);
        String current = body.optionalString("current_password", 1, 1024).orElse(null);
        List<String> roles = body.optionalStringList("roles", 10, 32).orElse(null);
        Boolean disabled = body.optionalBoolean("disabled").orElse(null);
        if (name != null && name.isBlank()) {
            body.reject("name", "must not be blank");
        }
        body.validate();
        User updated = service.update(
                Caller.of(req),
                id,
                new UserService.Changes(name, password, current, roles, disabled),
                ETags.ifMatch(req));
        res.header(HeaderNames.ETAG, ETags.of(updated)).send(json(updated));
    }

    public void delete(ServerRequest req, ServerResponse res) {
        service.delete(Caller.of(req), pathId(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    public static JsonObject json(User user) {
        JsonArrayBuilder roles = Jsons.array();
        user.roles().forEach(roles::add);
        return Jsons.object()
                .add("id", user.id().toString())
                .add("email", user.email())
                .add("name", user.name())
                .add("roles", roles)
                .add("email_verified", user.emailVerified())
                .add("mfa_enabled", user.mfaEnabled())
                .add("created_at", rfc3339(user.createdAt()))
                .add("updated_at", rfc3339(user.updatedAt()))
                .build();
    }

    /** RFC 3339 in UTC with milliseconds, as every timestamp of the API. */
    public static String rfc3339(Instant instant) {
        return RFC3339.format(instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
    }

    private static UUID pathId(ServerRequest req) {
        return UuidV7.parse(req.path().pathParameters().get("id"))
                .orElseThrow(() -> new AppException.Validation("id", "must be a UUID"));
    }
}
