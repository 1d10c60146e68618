package fluxor.enterprise.http;

import io.helidon.common.context.Context;
import io.helidon.http.Header;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Headers an edge filter puts on a response that must survive an error: Helidon resets the response before an
 * error handler runs, so {@link ErrorMapping} puts these back (rate-limit and CORS headers on a 429 or a 400).
 */
final class EdgeHeaders {
    private final List<Header> headers = new ArrayList<>();

    private EdgeHeaders() {}

    /** Sets the header now and remembers it for the error path. */
    static void set(Context context, ServerResponse res, String name, String value) {
        Header header = HeaderValues.create(name, value);
        res.header(header);
        EdgeHeaders edge = context.get(EdgeHeaders.class).orElseGet(() -> {
            EdgeHeaders created = new EdgeHeaders();
            context.register(created);
            return created;
        });
        synchronized (edge.headers) {
            edge.headers.removeIf(h -> Ascii.equalsIgnoreCase(h.name(), name));
            edge.headers.add(header);
        }
    }

    static void reapply(Context context, ServerResponse res) {
        context.get(EdgeHeaders.class).ifPresent(edge -> {
            synchronized (edge.headers) {
                edge.headers.forEach(res::header);
            }
        });
    }
}
