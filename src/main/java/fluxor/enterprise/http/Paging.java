package fluxor.enterprise.http;

import io.helidon.webserver.http.ServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Keyset pagination of the list endpoints: {@code limit} (1 to 100) and an opaque {@code cursor} naming the last id
 * of the previous page (base64url of {@code v1:<uuid>}, so the paging key can change without breaking clients).
 */
public final class Paging {
    private Paging() {}

    public static int limit(ServerRequest req, int fallback) {
        return req.query().first("limit").map(Paging::limit).orElse(fallback);
    }

    /** The id after which the page starts; null for the first page. */
    public static UUID after(ServerRequest req) {
        return req.query()
                .first("cursor")
                .filter(c -> !c.isEmpty())
                .map(Paging::decode)
                .orElse(null);
    }

    public static String cursor(UUID lastId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("v1:" + lastId).getBytes(StandardCharsets.UTF_8));
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

    private static UUID decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            Optional<UUID> id = Optional.empty();
            if (text.startsWith("v1:")) {
                id = Optional.of(UUID.fromString(text.substring(3)))
                        .filter(u -> u.toString().equals(text.substring(3)));
            }
            return id.orElseThrow(IllegalArgumentException::new);
        } catch (IllegalArgumentException e) {
            throw new AppException.Validation("cursor", "is not a cursor this service issued");
        }
    }
}
