package fluxor.enterprise.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the bad-input table: a request a client should not send, and what the service must answer.
 * {@code field} is the field a validation problem must name in {@code errors} (null: no {@code errors} at all);
 * {@code mustNotEcho} is request text the response must not repeat.
 */
@SuppressWarnings("ArrayRecordComponent") // raw bytes on purpose: invalid UTF-8, NUL bytes
record BadInput(String name, String method, String path, Map<String, String> headers, byte[] body, boolean chunked,
                int status, String field, String mustNotEcho) {

    static final String JSON = "application/json";

    static BadInput request(String name, String method, String path) {
        return new BadInput(name, method, path, Map.of(), null, false, 0, null, null);
    }

    static BadInput json(String name, String method, String path, String body) {
        return request(name, method, path).contentType(JSON).body(body);
    }

    BadInput header(String header, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(header, value);
        return new BadInput(name, method, path, all, body, chunked, status, field, mustNotEcho);
    }

    BadInput contentType(String type) {
        return header("Content-Type", type);
    }

    BadInput body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    BadInput body(byte[] bytes) {
        return new BadInput(name, method, path, headers, bytes, chunked, status, field, mustNotEcho);
    }

    BadInput sentChunked() {
        return new BadInput(name, method, path, headers, body, true, status, field, mustNotEcho);
    }

    BadInput expect(int code) {
        return new BadInput(name, method, path, headers, body, chunked, code, field, mustNotEcho);
    }

    /** Expect a 400 validation problem naming this field. */
    BadInput invalid(String errorField) {
        return new BadInput(name, method, path, headers, body, chunked, 400, errorField, mustNotEcho);
    }

    BadInput notEchoing(String text) {
        return new BadInput(name, method, path, headers, body, chunked, status, field, text);
    }

    /** Bytes sent exactly as given, request line and all (method {@code RAW}). */
    static BadInput raw(String name, String bytes) {
        return request(name, "RAW", "/").body(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp.Request toRequest() {
        if (method.equals("RAW")) {
            return new RawHttp.Request(null, body, false);
        }
        return RawHttp.Request.of(method, path, headers, body, chunked);
    }

    @Override
    public String toString() {
        return name;
    }
}
