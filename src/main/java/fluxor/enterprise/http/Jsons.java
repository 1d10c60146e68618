package fluxor.enterprise.http;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.Reader;

/**
 * JSON-P through one provider. Every static method of {@code jakarta.json.Json} looks the provider up with a new
 * ServiceLoader and instantiates it again: a fifth of the CPU a {@code GET /} cost at 5,000 connections.
 */
public final class Jsons {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsons() {}

    public static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }

    /** A builder that starts as a copy of {@code object}. */
    public static JsonObjectBuilder object(JsonObject object) {
        return PROVIDER.createObjectBuilder(object);
    }

    public static JsonArrayBuilder array() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonReader reader(Reader reader) {
        return PROVIDER.createReader(reader);
    }

    public static JsonParser parser(Reader reader) {
        return PROVIDER.createParser(reader);
    }

    public static JsonString value(String value) {
        return PROVIDER.createValue(value);
    }

    public static JsonNumber value(int value) {
        return PROVIDER.createValue(value);
    }
}
