package fluxor.enterprise.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What every problem response must look like, as a client sees it. */
final class ProblemAssertions {
    /** Words that only appear in a body when internals leak (case-insensitive). */
    static final List<String> LEAKS = List.of(
            "exception",
            "org.",
            "java.",
            "jakarta",
            "helidon",
            "parsson",
            "sql",
            "select ",
            "insert ",
            "h2",
            "postgres",
            "hikari",
            "bucket4j",
            "stack",
            "caused by");

    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [a-zA-Z_$][\\w$.]*\\(");

    private ProblemAssertions() {}

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    /** Status, media type, the RFC 9457 members, request id matching the header, security headers, no leaks. */
    static JsonObject assertProblem(RawHttp.Response res, int status) {
        assertThat("status of " + res.text(), res.status(), is(status));
        assertThat(res.header("Content-Type").orElse(""), startsWith("application/problem+json"));
        JsonObject body = json(res.text());
        assertThat(body.getInt("status"), is(status));
        assertThat(body.getString("type"), startsWith("https://"));
        assertThat(body.getString("title").isBlank(), is(false));
        assertThat(body.getString("detail").isBlank(), is(false));
        assertThat(body.getString("instance"), startsWith("/"));
        String id = res.header("X-Request-Id").orElseThrow();
        assertThat(body.getString("request_id"), is(id));
        assertSecurityHeaders(res);
        assertNoLeaks(body);
        return body;
    }

    static void assertSecurityHeaders(RawHttp.Response res) {
        assertThat(res.header("Cache-Control").orElse(null), is("no-store"));
        assertBrowserHardening(res);
    }

    /**
     * Everything but Cache-Control: Helidon's metrics endpoint sets its own {@code no-cache} after the filters ran
     * (DESIGN asks {@code no-store} on API responses; a scrape is not one).
     */
    static void assertBrowserHardening(RawHttp.Response res) {
        assertThat(res.header("X-Content-Type-Options").orElse(null), is("nosniff"));
        assertThat(res.header("X-Frame-Options").orElse(null), is("DENY"));
        assertThat(
                res.header("Content-Security-Policy").orElse(null), is("default-src 'none'; frame-ancestors 'none'"));
        assertThat(res.header("Referrer-Policy").orElse(null), is("no-referrer"));
        assertThat(res.header("X-Request-Id").orElse(null), notNullValue());
    }

    /** Checks every member except {@code instance}, which echoes the client's own path. */
    static void assertNoLeaks(JsonObject body) {
        StringBuilder server = new StringBuilder();
        body.forEach((k, v) -> {
            if (!k.equals("instance")) {
                server.append(k)
                        .append('=')
                        .append(v instanceof jakarta.json.JsonString s ? s.getString() : v)
                        .append('\n');
            }
        });
        String text = server.toString().toLowerCase(Locale.ROOT);
        for (String leak : LEAKS) {
            assertThat("problem body leaks '" + leak + "': " + server, text.contains(leak), is(false));
        }
        assertThat("stack frame in " + server, STACK_FRAME.matcher(server).find(), is(false));
    }

    static void assertErrorField(JsonObject body, String field) {
        assertThat(body.toString(), body.containsKey("errors"), is(true));
        List<String> fields = body.getJsonArray("errors").getValuesAs(JsonValue::asJsonObject).stream()
                .map(e -> e.getString("field"))
                .toList();
        assertThat(fields, hasItem(field));
    }

    static void assertNoErrors(JsonObject body) {
        assertThat(body.toString(), body.containsKey("errors"), is(false));
    }

    static void assertNotEchoed(RawHttp.Response res, String text) {
        assertThat(res.text(), not(org.hamcrest.Matchers.containsString(text)));
    }
}
