package fluxor.enterprise.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/** Writes RFC 9457 problem documents. */
final class Problems {
    static final HttpMediaType PROBLEM_JSON = HttpMediaType.create("application/problem+json");
    static final String TYPE_BASE = "https://fluxor.dev/problems/";

    private Problems() {}

    static void send(
            ServerRequest req, ServerResponse res, Status status, String type, String detail, List<FieldError> errors) {
        JsonObjectBuilder body = Jsons.object()
                .add("type", TYPE_BASE + type)
                .add("title", status.reasonPhrase())
                .add("status", status.code())
                .add("detail", detail)
                .add("instance", req.path().rawPath())
                .add("request_id", RequestId.of(req));
        if (!errors.isEmpty()) {
            JsonArrayBuilder list = Jsons.array();
            errors.forEach(e -> list.add(Jsons.object().add("field", e.field()).add("message", e.message())));
            body.add("errors", list);
        }
        res.status(status);
        res.headers().contentType(PROBLEM_JSON);
        res.header(HeaderNames.CONTENT_TYPE, PROBLEM_JSON.text());
        res.send(body.build().toString());
    }
}
