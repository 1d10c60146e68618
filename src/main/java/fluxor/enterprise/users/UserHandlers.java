package fluxor.enterprise.users;

import fluxor.enterprise.auth.Caller;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.http.JsonBody;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
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
        res.send(json(service.me(Caller.of(req))));
    }

    public void list(ServerRequest req, ServerResponse res) {
        int limit = req.query().first("limit").map(UserHandlers::limit).orElse(20);
        UUID after = req.query()
                .first("cursor")
                .filter(c -> !c.isEmpty())
                .map(UserHandlers::decodeCursor)
                .orElse(null);
        List<User> page = service.page(Caller.of(req), after, limit + 1);
        boolean more = page.size() > limit;
        List<User> items = more ? page.subList(0, limit) : page;
        JsonArrayBuilder array = Json.createArrayBuilder();
        items.forEach(u -> array.add(json(u)));
        var body = Json.createObjectBuilder().add("items", array);
        if (more) {
            body.add("next_cursor", encodeCursor(items.getLast().id()));
        } else {
            body.add("next_cursor", JsonValue.NULL);
        }
        res.send(body.build());
    }

    public void get(ServerRequest req, ServerResponse res) {
        res.send(json(service.get(Caller.of(req), pathId(req))));
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
        res.send(json(
                service.update(Caller.of(req), id, new UserService.Changes(name, password, current, roles, disabled))));
    }

    public void delete(ServerRequest req, ServerResponse res) {
        service.delete(Caller.of(req), pathId(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    public static JsonObject json(User user) {
        JsonArrayBuilder roles = Json.createArrayBuilder();
        user.roles().forEach(roles::add);
        return Json.createObjectBuilder()
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

    private static String rfc3339(Instant instant) {
        return RFC3339.format(instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
    }

    private static UUID pathId(ServerRequest req) {
        return UuidV7.parse(req.path().pathParameters().get("id"))
                .orElseThrow(() -> new AppException.Validation("id", "must be a UUID"));
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 100) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new AppException.Validation("limit", "must be an integer from 1 to 100");
    }

    // Opaque to clients so the paging key can change without breaking them.
    private static String encodeCursor(UUID id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static UUID decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            Optional<UUID> id = text.startsWith("v1:") ? UuidV7.parse(text.substring(3)) : Optional.empty();
            return id.orElseThrow(IllegalArgumentException::new);
        } catch (IllegalArgumentException e) {
            throw new AppException.Validation("cursor", "is not a cursor this service issued");
        }
    }
}
