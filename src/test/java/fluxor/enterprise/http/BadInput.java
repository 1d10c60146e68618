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
record BadInput(
        String name,
        String method,
        String path,
        Map<String, String> headers,
        byte[] body,
        boolean chunked,
        int status,
        String field,
        String mustNotEcho) {

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

    /** An {@code Authorization: Bearer} header; {@code token} may be a fixture placeholder such as {@code {user_token}}. */
    BadInput bearer(String token) {
        return header("Authorization", "Bearer " + token);
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
        return toRequest(Map.of());
    }

    /**
     * The request with every {@code {placeholder}} of {@code vars} replaced in the path, header values and body
     * (values known only once the server runs: tokens, ids). The body is substituted byte for byte (ISO-8859-1
     * round trip), so invalid UTF-8 and NUL bytes stay exactly as written.
     */
    RawHttp.Request toRequest(Map<String, String> vars) {
        byte[] bytes = body == null
                ? null
                : expand(new String(body, StandardCharsets.ISO_8859_1), vars).getBytes(StandardCharsets.ISO_8859_1);
        if (method.equals("RAW")) {
            return new RawHttp.Request(null, bytes, false);
        }
        Map<String, String> expanded = new LinkedHashMap<>();
        headers.forEach((k, v) -> expanded.put(k, expand(v, vars)));
        return RawHttp.Request.of(method, expand(path, vars), expanded, bytes, chunked);
    }

    static String expand(String text, Map<String, String> vars) {
        String out = text;
        for (Map.Entry<String, String> var : vars.entrySet()) {
            out = out.replace("{" + var.getKey() + "}", var.getValue());
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
