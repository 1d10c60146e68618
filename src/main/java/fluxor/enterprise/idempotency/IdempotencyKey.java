package fluxor.enterprise.idempotency;

import fluxor.enterprise.http.AppException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} request header (draft-ietf-httpapi-idempotency-key-header): an RFC 8941 sf-string,
 * {@code "..."} with {@code \"} and {@code \\} escapes. Clients that send the key bare (as most SDKs do with a UUID)
 * are accepted too when it is a plain token (visible ASCII without quotes, backslashes, commas, semicolons or
 * spaces); both forms of one key are the same key. At most 255 characters; anything else is a 400.
 */
record IdempotencyKey(String value) {
    static final HeaderName HEADER = HeaderNames.create("Idempotency-Key");
    static final int MAX_LENGTH = 255;
    private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]+");

    /** Empty when the request has no key (the route then runs as without this feature). */
    static Optional<IdempotencyKey> of(ServerRequest req) {
        if (!req.headers().contains(HEADER)) {
            return Optional.empty();
        }
        List<String> values = req.headers().get(HEADER).allValues();
        if (values.size() != 1) {
            throw invalid("must be sent once");
        }
        String raw = values.getFirst().strip();
        String key = raw.startsWith("\"") ? unquote(raw) : raw;
        if (!raw.startsWith("\"") && !TOKEN.matcher(raw).matches()) {
            throw invalid("must be a quoted string (\"...\") or a token of visible ASCII characters");
        }
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            throw invalid("must be 1 to " + MAX_LENGTH + " characters");
        }
        return Optional.of(new IdempotencyKey(key));
    }

    // RFC 8941 §3.3.3: printable ASCII between the quotes; a backslash escapes only " and \.
    private static String unquote(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        int i = 1;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '"') {
                if (i != raw.length() - 1) {
                    throw invalid("has characters after its closing quote");
                }
                return out.toString();
            }
            if (c < 0x20 || c > 0x7E) {
                throw invalid("may contain printable ASCII characters only");
            }
            if (c == '\\') {
                if (i + 1 >= raw.length() || (raw.charAt(i + 1) != '"' && raw.charAt(i + 1) != '\\')) {
                    throw invalid("may escape only \" and \\");
                }
                c = raw.charAt(++i);
            }
            out.append(c);
            if (out.length() > MAX_LENGTH) {
                throw invalid("must be 1 to " + MAX_LENGTH + " characters");
            }
            i++;
        }
        throw invalid("lacks its closing quote");
    }

    private static AppException invalid(String message) {
        return new AppException.Validation("Idempotency-Key", message);
    }
}
