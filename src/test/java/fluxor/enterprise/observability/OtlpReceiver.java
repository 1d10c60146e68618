package fluxor.enterprise.observability;

import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP trace receiver for tests: a small Helidon server accepting {@code POST /v1/traces} with a protobuf
 * {@code ExportTraceServiceRequest}, decoded here with a minimal protobuf wire reader (only the span fields the
 * tests look at: trace id, span id, parent span id, name, kind).
 */
final class OtlpReceiver implements AutoCloseable {
    /** One received span; ids in lower-case hex, parentSpanId empty for a root span. */
    record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, int kind) {}

    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final WebServer server;

    OtlpReceiver() {
        server = WebServer.builder()
                .port(0)
                .host("127.0.0.1")
                .shutdownHook(false)
                // no discovered features: their tracing would freeze a no-op GlobalOpenTelemetry before the app
                // under test installs its own
                .featuresDiscoverServices(false)
                .routing(r -> r.post("/v1/traces", (req, res) -> {
                    contentTypes.add(
                            req.headers().contentType().map(Object::toString).orElse(""));
                    byte[] body = req.content().as(byte[].class);
                    spans.addAll(decode(body));
                    res.status(Status.OK_200).send();
                }))
                .build()
                .start();
    }

    int port() {
        return server.port();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<String> contentTypes() {
        return List.copyOf(contentTypes);
    }

    @Override
    public void close() {
        server.stop();
    }

    // ExportTraceServiceRequest{1: ResourceSpans*}; ResourceSpans{2: ScopeSpans*}; ScopeSpans{2: Span*};
    // Span{1: trace_id, 2: span_id, 4: parent_span_id, 5: name, 6: kind}
    static List<ReceivedSpan> decode(byte[] request) {
        List<ReceivedSpan> out = new ArrayList<>();
        for (byte[] resourceSpans : fields(request, 1)) {
            for (byte[] scopeSpans : fields(resourceSpans, 2)) {
                for (byte[] span : fields(scopeSpans, 2)) {
                    out.add(span(span));
                }
            }
        }
        return out;
    }

    private static ReceivedSpan span(byte[] span) {
        Reader r = new Reader(span);
        String trace = "";
        String id = "";
        String parent = "";
        String name = "";
        int kind = 0;
        while (r.more()) {
            long tag = r.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (wire == 2) {
                byte[] value = r.bytes();
                switch (field) {
                    case 1 -> trace = HexFormat.of().formatHex(value);
                    case 2 -> id = HexFormat.of().formatHex(value);
                    case 4 -> parent = HexFormat.of().formatHex(value);
                    case 5 -> name = new String(value, java.nio.charset.StandardCharsets.UTF_8);
                    default -> {}
                }
            } else if (wire == 0) {
                long v = r.varint();
                if (field == 6) {
                    kind = (int) v;
                }
            } else {
                r.skip(wire);
            }
        }
        return new ReceivedSpan(trace, id, parent, name, kind);
    }

    private static List<byte[]> fields(byte[] message, int wanted) {
        List<byte[]> out = new ArrayList<>();
        Reader r = new Reader(message);
        while (r.more()) {
            long tag = r.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (wire == 2) {
                byte[] value = r.bytes();
                if (field == wanted) {
                    out.add(value);
                }
            } else {
                r.skip(wire);
            }
        }
        return out;
    }

    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean more() {
            return pos < data.length;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = data[pos++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalStateException("malformed varint");
        }

        byte[] bytes() {
            int len = (int) varint();
            ByteArrayOutputStream out = new ByteArrayOutputStream(len);
            out.write(data, pos, len);
            pos += len;
            return out.toByteArray();
        }

        void skip(int wire) {
            switch (wire) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 5 -> pos += 4;
                case 2 -> bytes();
                default -> throw new IllegalStateException("unsupported wire type " + wire);
            }
        }
    }
}
