package fluxor.enterprise.server;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.DirectHandler;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.DirectTransportRequest;
import java.nio.charset.StandardCharsets;

/**
 * The 408 a slow body gets, as the listener's direct handler (http.DirectProblems) shapes every problem Helidon
 * answers itself, serialized by hand: it is written from outside the request's own thread, which is blocked
 * reading the body, so Helidon's response machinery is not available.
 */
final class RequestTimeout {
    private RequestTimeout() {}

    static byte[] bytes(ConnectionContext ctx, HttpPrologue prologue, Headers headers) {
        DirectHandler.TransportRequest request = prologue == null
                ? DirectHandler.TransportRequest.empty()
                : DirectTransportRequest.create(prologue, headers);
        DirectHandler.TransportResponse response = ctx.listenerContext()
                .directHandlers()
                .handler(EventType.OTHER)
                .handle(
                        request,
                        EventType.OTHER,
                        Status.REQUEST_TIMEOUT_408,
                        ServerResponseHeaders.create(),
                        "Request body too slow");
        byte[] body = response.entity().orElse(BufferData.EMPTY_BYTES);
        StringBuilder head = new StringBuilder("HTTP/1.1 ")
                .append(response.status().codeText())
                .append(' ')
                .append(response.status().reasonPhrase())
                .append("\r\n");
        for (Header header : response.headers()) {
            head.append(header.name()).append(": ").append(header.values()).append("\r\n");
        }
        head.append("Connection: close\r\n");
        if (!response.headers().contains(HeaderNames.CONTENT_LENGTH)) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }
}
