package fluxor.enterprise.http;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.helidon.webserver.http.ServerRequest;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

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

    /** Reads the body: 415 unless JSON, 400 when empty, malformed or not an object. */
    public static JsonBody read(ServerRequest req, Set<String> allowedFields) {
        boolean json = req.headers().contentType()
                .map(t -> t.mediaType().type().equals("application")
                        && (t.mediaType().subtype().equals("json") || t.mediaType().subtype().endsWith("+json")))
                .orElse(false);
        if (!json) {
            throw new AppException.UnsupportedMediaType("Send the body as application/json.");
        }
        if (!req.content().hasEntity()) {
            throw new AppException.BadRequest("A JSON object body is required.");
        }
        JsonValue value;
        try (InputStream in = req.content().inputStream(); var reader = Json.createReader(in)) {
            value = reader.readValue();
        } catch (JsonParsingException | java.io.IOException e) {
            throw new AppException.BadRequest("The request body is not valid JSON.");
        } catch (JsonException e) {
            throw new AppException.BadRequest("The request body is not valid JSON.");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new AppException.BadRequest("The request body must be a JSON object.");
        }
        return new JsonBody(value.asJsonObject(), allowedFields);
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
        if (value.getValueType() != JsonValue.ValueType.ARRAY || value.asJsonArray().size() > maxItems) {
            errors.add(new FieldError(field, "must be an array of at most " + maxItems + " strings"));
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        for (JsonValue item : value.asJsonArray()) {
            if (!(item instanceof JsonString s) || s.getString().isEmpty() || s.getString().length() > maxLength) {
                errors.add(new FieldError(field, "must contain only non-empty strings up to " + maxLength
                        + " characters"));
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
            long v = n.bigIntegerValueExact().longValueExact();
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
