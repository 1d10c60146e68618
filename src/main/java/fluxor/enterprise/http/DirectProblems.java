package fluxor.enterprise.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.nio.charset.StandardCharsets;

/**
 * Problems for the responses Helidon writes itself, before any route or filter runs: a declared body over
 * {@code server.max-payload-size} (413), an unparseable request (400). Same shape and headers as every other
 * problem; the request id is the client's sane one or a new one. Headers over the size limit become 431 (Helidon
 * says 400); server.SlowClients sends its 408 through here too. Never echoes Helidon's message. Helidon also
 * sends every {@code RequestException} and {@code BadRequestException} thrown by a handler here (for example a
 * chunked body over the limit), never to the routing's error handlers.
 */
final class DirectProblems implements DirectHandler {
    /** RFC 6585; Helidon 4.1.2 has no constant for it. */
    private static final Status HEADERS_TOO_LARGE = Status.create(431, "Request Header Fields Too Large");

    private final SecurityHeaders securityHeaders;
    private final Cors cors;

    DirectProblems(SecurityHeaders securityHeaders, Cors cors) {
        this.securityHeaders = securityHeaders;
        this.cors = cors;
    }

    DirectHandlers handlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, this);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(
            TransportRequest request,
            EventType eventType,
            Status status,
            ServerResponseHeaders headers,
            Throwable thrown,
            System.Logger logger) {
        // Helidon reports headers over http_1_1.max-headers-size as a 400 with this message; RFC 6585 says 431.
        boolean headersTooLarge =
                status.code() == 400 && thrown != null && "Header size exceeded".equals(thrown.getMessage());
        return handle(request, eventType, headersTooLarge ? HEADERS_TOO_LARGE : status, headers, "");
    }

    @Override
    public TransportResponse handle(
            TransportRequest request,
            EventType eventType,
            Status status,
            ServerResponseHeaders headers,
            String message) {
        RequestId id =
                RequestId.fromHeader(request.headers().first(RequestId.HEADER).orElse(null));
        String detail = switch (status.code()) {
            case 413 -> "The request body is too large.";
            case 400 -> "The request is malformed.";
            case 414 -> "The request target is too long.";
            case 431 -> "The request headers are too large or too many.";
            case 408 -> "The request arrived too slowly.";
            default ->
                status.code() >= 500
                        ? "An unexpected error occurred. Quote the request id when reporting it."
                        : "The request could not be processed.";
        };
        String type = switch (status.code()) {
            case 413 -> "payload-too-large";
            case 400 -> "bad-request";
            default ->
                status.code() >= 500
                        ? "internal"
                        : status.reasonPhrase()
                                .toLowerCase(java.util.Locale.ROOT)
                                .replaceAll("[^a-z0-9]+", "-");
        };
        String path = request.path();
        String instance = path == null || path.isEmpty() || path.length() > 2048 ? "/" : path;
        byte[] body = Jsons.object()
                .add("type", Problems.TYPE_BASE + type)
                .add("title", status.reasonPhrase())
                .add("status", status.code())
                .add("detail", detail)
                .add("instance", instance)
                .add("request_id", id.value())
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        securityHeaders.apply(headers);
        cors.apply(request.headers().first(HeaderNames.ORIGIN).orElse(null), headers);
        headers.set(RequestId.HEADER, id.value());
        headers.set(HeaderNames.CONTENT_TYPE, Problems.PROBLEM_JSON.text());
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(body)
                .keepAlive(false)
                .build();
    }
}
