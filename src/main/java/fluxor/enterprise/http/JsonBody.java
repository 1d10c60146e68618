package fluxor.enterprise.http;

import io.helidon.webserver.http.ServerRequest;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request's JSON object body with validating accessors. Problems are collected per field and thrown together
 * by {@link #validate()} as one 400 with {@code errors[]}; unknown fields are errors too.
 */
public final class JsonBody {
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");
    private final JsonObject object;
    private final List<FieldError> errors = new ArrayList<>();

    private JsonBody(JsonObject object, Set<String> allowedFields) {
        this.object = object;
        for (String name : object.keySet()) {
            if (!allowedFields.contains(name)) {
                errors.add(new FieldError(name, "unknown field"));
            }
        }
    }

    /** Deepest nesting of objects and arrays accepted; API bodies are flat, this only stops abuse. */
    static final int MAX_DEPTH = 16;

    /**
     * Reads the body: 415 unless JSON in UTF-8; 400 when empty, not UTF-8, malformed, nested deeper than
     * {@link #MAX_DEPTH}, with a duplicate field, or not an object. Size is bounded by {@code server.max-payload-size}.
     */
    public static JsonBody read(ServerRequest req, Set<String> allowedFields) {
        boolean json = req.headers()
                .contentType()
                .map(t -> Ascii.equalsIgnoreCase(t.mediaType().type(), "application")
                        && (Ascii.equalsIgnoreCase(t.mediaType().subtype(), "json")
                                || Ascii.lower(t.mediaType().subtype()).endsWith("+json"))
                        && t.charset()
                                .map(c -> Ascii.equalsIgnoreCase(c, "utf-8") || Ascii.equalsIgnoreCase(c, "utf8"))
                                .orElse(true))
                .orElse(false);
        if (!json) {
            throw new AppException.UnsupportedMediaType("Send the body as application/json in UTF-8.");
        }
        byte[] bytes = rawBytes(req);
        if (bytes.length == 0) {
            throw new AppException.BadRequest("A JSON object body is required.");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AppException.BadRequest("The request body is not valid UTF-8.");
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        checkStructure(text);
        JsonValue value;
        try (var reader = Jsons.reader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new AppException.BadRequest("The request body is not valid JSON.");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new AppException.BadRequest("The request body must be a JSON object.");
        }
        return new JsonBody(value.asJsonObject(), allowedFields);
    }

    /** Read once per request: whoever reads first (e.g. the Idempotency-Key check hashing it) leaves it here. */
    @SuppressWarnings("ArrayRecordComponent") // never compared or exposed; only this class reads it
    private record Raw(byte[] bytes) {}

    /**
     * The request body's bytes (empty when there is none), read once and kept in the request context so that a
     * handler before the one that parses it can look at it too. Size is bounded by {@code server.max-payload-size}.
     */
    public static byte[] rawBytes(ServerRequest req) {
        java.util.Optional<Raw> kept = req.context().get(Raw.class);
        if (kept.isPresent()) {
            return kept.get().bytes();
        }
        byte[] bytes;
        if (!req.content().hasEntity()) {
            bytes = new byte[0];
        } else {
            try (InputStream in = req.content().inputStream()) {
                bytes = in.readAllBytes();
            } catch (io.helidon.http.RequestException e) {
                throw e; // e.g. 413 for a chunked body over server.max-payload-size: ErrorMapping answers it
            } catch (java.io.IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
                // IllegalArgumentException: Helidon 4.1.2 throws NumberFormatException for a non-hex chunk size
                throw new AppException.BadRequest("The request body could not be read.");
            }
        }
        req.context().register(new Raw(bytes));
        return bytes;
    }

    // A streaming pass before building the tree: bounded depth, no duplicate field names, well-formed.
    private static void checkStructure(String text) {
        java.util.ArrayDeque<Set<String>> objects = new java.util.ArrayDeque<>();
        int depth = 0;
        try (JsonParser parser = Jsons.parser(new StringReader(text))) {
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_OBJECT -> {
                        if (++depth > MAX_DEPTH) {
                            throw new AppException.BadRequest("The request body is nested too deeply.");
                        }
                        objects.push(new java.util.HashSet<>());
                    }
                    case START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            throw new AppException.BadRequest("The request body is nested too deeply.");
                        }
                        objects.push(Set.of());
                    }
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        objects.pop();
                    }
                    case KEY_NAME -> {
                        if (!objects.peek().add(parser.getString())) {
                            throw new AppException.BadRequest("The request body has a duplicate field.");
                        }
                    }
                    default -> {}
                }
            }
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            throw new AppException.BadRequest("The request body is not valid JSON.");
        }
    }

    public String requiredString(String field, int min, int max) {
        return optionalString(field, min, max).orElseGet(() -> {
            if (!object.containsKey(field)) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        });
    }

    public Optional<String> optionalString(String field, int min, int max) {
        JsonValue value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString s)) {
            errors.add(new FieldError(field, "must be a string"));
            return Optional.empty();
        }
        String text = s.getString();
        int length = text.codePointCount(0, text.length());
        if (length < min || length > max) {
            errors.add(new FieldError(field, "must be " + min + " to " + max + " characters long"));
            return Optional.empty();
        }
        if (CONTROL.matcher(text).find()) {
            errors.add(new FieldError(field, "must not contain control characters"));
            return Optional.empty();
        }
        return Optional.of(text);
    }

    public Optional<Boolean> optionalBoolean(String field) {
        JsonValue value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE) {
            return Optional.of(value.getValueType() == JsonValue.ValueType.TRUE);
        }
        errors.add(new FieldError(field, "must be true or false"));
        return Optional.empty();
    }

    public Optional<List<String>> optionalStringList(String field, int maxItems, int maxLength) {
        JsonValue value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY
                || value.asJsonArray().size() > maxItems) {
            errors.add(new FieldError(field, "must be an array of at most " + maxItems + " strings"));
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        for (JsonValue item : value.asJsonArray()) {
            if (!(item instanceof JsonString s)
                    || s.getString().isEmpty()
                    || s.getString().length() > maxLength) {
                errors.add(new FieldError(
                        field, "must contain only non-empty strings up to " + maxLength + " characters"));
                return Optional.empty();
            }
            items.add(s.getString());
        }
        return Optional.of(items);
    }

    public Optional<Long> optionalLong(String field, long min, long max) {
        JsonValue value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber n) || !n.isIntegral()) {
            errors.add(new FieldError(field, "must be an integer"));
            return Optional.empty();
        }
        try {
            java.math.BigDecimal d = n.bigDecimalValue();
            // Reject absurd magnitudes before converting: 1e999999999 would make a huge BigInteger.
            if (d.precision() - d.scale() > 19 || d.scale() < -19) {
                throw new ArithmeticException("out of range");
            }
            long v = d.toBigIntegerExact().longValueExact();
            if (v >= min && v <= max) {
                return Optional.of(v);
            }
        } catch (ArithmeticException e) {
            // out of range, reported below
        }
        errors.add(new FieldError(field, "must be between " + min + " and " + max));
        return Optional.empty();
    }

    /** Adds a rule violation found by the caller (e.g. email syntax). */
    public void reject(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public boolean has(String field) {
        return object.containsKey(field);
    }

    /** Throws one validation problem listing every invalid field, if any. */
    public void validate() {
        if (!errors.isEmpty()) {
            throw new AppException.Validation(errors);
        }
    }
}
