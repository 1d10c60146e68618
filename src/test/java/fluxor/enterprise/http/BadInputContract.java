package fluxor.enterprise.http;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.helidon.config.Config;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import fluxor.enterprise.App;

import static fluxor.enterprise.http.ProblemAssertions.assertErrorField;
import static fluxor.enterprise.http.ProblemAssertions.assertNoErrors;
import static fluxor.enterprise.http.ProblemAssertions.assertNotEchoed;
import static fluxor.enterprise.http.ProblemAssertions.assertProblem;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The table-driven bad-input suite: each row is sent over a raw socket and must come back as the expected
 * problem (status, problem+json, RFC 9457 members, the invalid field named, security headers, nothing internal),
 * with the database unchanged. Rows cover what exists today: the service root, health, metrics, unknown routes,
 * and body handling through a test-only route that reads its body with {@link JsonBody} exactly as the API
 * handlers do. Subclasses pick the database.
 *
 * <p>To cover the users/auth endpoints (issue 3) add rows to {@link #cases()}: {@code BadInput.json(name, "POST",
 * "/api/v1/auth/register", body).invalid("email")}, {@code .header("Authorization", "Bearer ...")} for protected
 * routes, {@code .expect(status)} otherwise. Every row is checked for problem+json, the RFC 9457 members, the named
 * field, security headers, no leaked internals and an unchanged database (every table but Flyway's).
 */
abstract class BadInputContract {
    static final String PROFILE = "/test/profile";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s.]{2,63}");

    private final int port;
    private final Config config;

    BadInputContract(int port, Config config) {
        this.port = port;
        this.config = config;
    }

    /** Test-only routes on top of the real ones: a JSON body reader and a handler that fails like a bad query. */
    static void testRoutes(App app) {
        app.routes().post(PROFILE, BadInputContract::profile);
        app.routes().get("/test/boom", (req, res) -> {
            throw new IllegalStateException("org.h2.jdbc.JdbcSQLSyntaxErrorException: Column \"password_hash\" not "
                    + "found; SQL statement: SELECT password_hash FROM users WHERE email = 'a@b.c' [42122-220]",
                    new java.sql.SQLException("SELECT * FROM users", "42000"));
        });
    }

    private static void profile(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, Set.of("email", "name", "age", "admin", "tags"));
        String email = body.requiredString("email", 3, 254);
        if (email != null && !EMAIL.matcher(email).matches()) {
            body.reject("email", "must be an email address");
        }
        String name = body.requiredString("name", 1, 100);
        body.optionalLong("age", 0, 150);
        body.optionalBoolean("admin");
        body.optionalStringList("tags", 10, 30);
        body.validate();
        res.send(Json.createObjectBuilder().add("email", email).add("name", name).build());
    }

    static Stream<BadInput> cases() {
        List<BadInput> c = new ArrayList<>();
        // routes
        c.add(BadInput.request("unknown path", "GET", "/no/such/thing").expect(404));
        c.add(BadInput.request("unknown API path", "GET", "/api/v2/users").expect(404));
        c.add(BadInput.request("path traversal", "GET", "/../../etc/passwd").expect(404).notEchoing("root:"));
        c.add(BadInput.request("encoded traversal", "GET", "/%2e%2e/%2e%2e/etc/passwd").expect(404));
        c.add(BadInput.request("script in path", "GET", "/%3Cscript%3Ealert(1)%3C/script%3E").expect(404)
                .notEchoing("<script>"));
        c.add(BadInput.request("SQL in path", "GET", "/users/1%27%20OR%20%271%27=%271").expect(404));
        c.add(BadInput.request("wrong method on root", "DELETE", "/").expect(405));
        c.add(BadInput.json("wrong method with body on root", "POST", "/", "{}").expect(405));
        c.add(BadInput.request("wrong method on liveness", "POST", "/health/live").expect(405));
        c.add(BadInput.request("wrong method on metrics", "PUT", "/metrics").expect(405));
        c.add(BadInput.request("wrong method on test route", "GET", PROFILE).expect(405));
        c.add(BadInput.request("handler failure with SQL in its message", "GET", "/test/boom").expect(500));
        // transport
        c.add(BadInput.request("Content-Length not a number", "POST", PROFILE).contentType(BadInput.JSON)
                .header("Content-Length", "12abc").expect(400));
        c.add(BadInput.request("declared body over 64 KiB is refused before it is sent", "POST", PROFILE)
                .contentType(BadInput.JSON).header("Content-Length", "10000000").expect(413));
        c.add(BadInput.json("body over 64 KiB", "POST", PROFILE, bigJson(70_000)).expect(413));
        c.add(BadInput.json("chunked body over 64 KiB", "POST", PROFILE, bigJson(70_000)).sentChunked().expect(413));
        c.add(BadInput.json("declared body over 64 KiB on a GET route", "GET", "/", bigJson(70_000)).expect(413));
        c.add(BadInput.request("NUL byte in path", "GET", "/a\u0000b").expect(400));
        c.add(BadInput.request("bad percent-encoding in path", "GET", "/%zz").expect(400));
        c.add(BadInput.request("request target of 40 000 characters", "GET", "/" + "a".repeat(40_000)).expect(414));
        c.add(BadInput.request("header of 40 000 characters", "GET", "/").header("X-Big", "a".repeat(40_000))
                .expect(400));
        c.add(BadInput.raw("header name with a space",
                "GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\nConnection: close\r\n\r\n").expect(400));
        c.add(BadInput.raw("unknown HTTP version", "GET / HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n")
                .expect(400));
        c.add(BadInput.raw("TLS handshake on the plain port",
                "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n").expect(400));
        c.add(BadInput.raw("chunk size not hex on a route that reads the body",
                "POST " + PROFILE + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
                .expect(400));
        // media type
        c.add(BadInput.request("no content type", "POST", PROFILE).body(valid()).expect(415));
        c.add(BadInput.request("text/plain", "POST", PROFILE).contentType("text/plain").body(valid()).expect(415));
        c.add(BadInput.request("form encoded", "POST", PROFILE).contentType("application/x-www-form-urlencoded")
                .body("email=a%40b.co&name=x").expect(415));
        c.add(BadInput.request("xml", "POST", PROFILE).contentType("application/xml").body("<a/>").expect(415));
        c.add(BadInput.request("json in latin-1", "POST", PROFILE).contentType("application/json; charset=ISO-8859-1")
                .body(valid()).expect(415));
        // syntax
        c.add(BadInput.json("empty body", "POST", PROFILE, "").expect(400));
        c.add(BadInput.json("whitespace only", "POST", PROFILE, "  \n ").expect(400));
        c.add(BadInput.json("truncated object", "POST", PROFILE, "{\"email\":").expect(400));
        c.add(BadInput.json("single quotes", "POST", PROFILE, "{'email':'a@b.co'}").expect(400));
        c.add(BadInput.json("trailing comma", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"A\",}").expect(400));
        c.add(BadInput.json("trailing garbage", "POST", PROFILE, valid() + " xyz").expect(400));
        c.add(BadInput.json("two objects", "POST", PROFILE, valid() + valid()).expect(400));
        c.add(BadInput.json("array instead of object", "POST", PROFILE, "[" + valid() + "]").expect(400));
        c.add(BadInput.json("string instead of object", "POST", PROFILE, "\"hello\"").expect(400));
        c.add(BadInput.json("null instead of object", "POST", PROFILE, "null").expect(400));
        c.add(BadInput.json("number instead of object", "POST", PROFILE, "42").expect(400));
        c.add(BadInput.json("invalid UTF-8", "POST", PROFILE, "").body(concat(
                "{\"email\":\"a@b.co\",\"name\":\"", new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "\"}"))
                .expect(400));
        c.add(BadInput.json("overlong UTF-8 encoding of '/'", "POST", PROFILE, "").body(concat(
                "{\"email\":\"a@b.co\",\"name\":\"", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}")).expect(400));
        c.add(BadInput.json("raw control character in a string", "POST", PROFILE,
                "{\"email\":\"a@b.co\",\"name\":\"a\u0001b\"}").expect(400));
        c.add(BadInput.json("deep nesting", "POST", PROFILE, "{\"tags\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                .expect(400));
        c.add(BadInput.json("duplicate field", "POST", PROFILE,
                "{\"email\":\"a@b.co\",\"name\":\"A\",\"name\":\"B\"}").expect(400));
        // validation
        c.add(BadInput.json("empty object", "POST", PROFILE, "{}").invalid("email"));
        c.add(BadInput.json("missing name", "POST", PROFILE, "{\"email\":\"a@b.co\"}").invalid("name"));
        c.add(BadInput.json("unknown field", "POST", PROFILE,
                "{\"email\":\"a@b.co\",\"name\":\"A\",\"role\":\"admin\"}").invalid("role"));
        c.add(BadInput.json("prototype pollution field", "POST", PROFILE,
                "{\"email\":\"a@b.co\",\"name\":\"A\",\"__proto__\":{\"admin\":true}}").invalid("__proto__"));
        c.add(BadInput.json("number for a string", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":123}")
                .invalid("name"));
        c.add(BadInput.json("object for a string", "POST", PROFILE, "{\"email\":{\"$ne\":null},\"name\":\"A\"}")
                .invalid("email"));
        c.add(BadInput.json("null for a required string", "POST", PROFILE, "{\"email\":null,\"name\":\"A\"}")
                .invalid("email"));
        c.add(BadInput.json("empty string", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"\"}").invalid("name"));
        c.add(BadInput.json("huge string", "POST", PROFILE,
                "{\"email\":\"a@b.co\",\"name\":\"" + "x".repeat(20_000) + "\"}").invalid("name"));
        c.add(BadInput.json("escaped NUL byte", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"a\\u0000b\"}")
                .invalid("name"));
        c.add(BadInput.json("escaped newline", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"a\\nb\"}")
                .invalid("name"));
        c.add(BadInput.json("SQL injection as email", "POST", PROFILE,
                "{\"email\":\"' OR '1'='1' --\",\"name\":\"A\"}").invalid("email").notEchoing("'1'='1'"));
        c.add(BadInput.json("script as email", "POST", PROFILE,
                "{\"email\":\"<script>alert(1)</script>\",\"name\":\"A\"}").invalid("email").notEchoing("<script>"));
        c.add(BadInput.json("email without domain", "POST", PROFILE, "{\"email\":\"someone@\",\"name\":\"A\"}")
                .invalid("email"));
        c.add(BadInput.json("negative number", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"A\",\"age\":-1}")
                .invalid("age"));
        c.add(BadInput.json("huge number", "POST", PROFILE,
                "{\"email\":\"a@b.co\",\"name\":\"A\",\"age\":123456789012345678901234567890}").invalid("age"));
        c.add(BadInput.json("huge exponent", "POST", PROFILE,
                "{\"email\":\"a@b.co\",\"name\":\"A\",\"age\":1e999999999}").invalid("age"));
        c.add(BadInput.json("fraction for an integer", "POST", PROFILE,
                "{\"email\":\"a@b.co\",\"name\":\"A\",\"age\":1.5}").invalid("age"));
        c.add(BadInput.json("string for an integer", "POST", PROFILE,
                "{\"email\":\"a@b.co\",\"name\":\"A\",\"age\":\"30\"}").invalid("age"));
        c.add(BadInput.json("string for a boolean", "POST", PROFILE,
                "{\"email\":\"a@b.co\",\"name\":\"A\",\"admin\":\"true\"}").invalid("admin"));
        c.add(BadInput.json("too many list items", "POST", PROFILE,
                "{\"email\":\"a@b.co\",\"name\":\"A\",\"tags\":[" + "\"t\",".repeat(50) + "\"t\"]}").invalid("tags"));
        c.add(BadInput.json("non-string list item", "POST", PROFILE,
                "{\"email\":\"a@b.co\",\"name\":\"A\",\"tags\":[1]}").invalid("tags"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsRefusedWithAProblem(BadInput input) throws Exception {
        String before = snapshot();
        RawHttp.Response res = RawHttp.send(port, input.toRequest());
        JsonObject body = assertProblem(res, input.status());
        if (input.field() != null) {
            assertErrorField(body, input.field());
        } else {
            assertNoErrors(body);
        }
        if (input.mustNotEcho() != null) {
            assertNotEchoed(res, input.mustNotEcho());
        }
        if (input.status() == 405) {
            assertThat(res.header("Allow").isPresent(), is(true));
        }
        assertThat("database changed by " + input.name(), snapshot(), is(before));
    }

    @Test
    void theTestRouteAcceptsAValidBody() throws Exception {
        RawHttp.Response res = RawHttp.send(port, BadInput.json("valid", "POST", PROFILE, valid()).toRequest());
        assertThat(res.text(), res.status(), is(200));
    }

    @Test
    void tableHasEnoughRows() {
        assertThat(cases().count() >= 20, is(true));
    }

    static String valid() {
        return "{\"email\":\"ada@example.com\",\"name\":\"Ada\",\"age\":36,\"admin\":false,\"tags\":[\"x\"]}";
    }

    private static String bigJson(int size) {
        return "{\"email\":\"a@b.co\",\"name\":\"" + "x".repeat(size) + "\"}";
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] a = head.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] c = tail.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    /** Every row of every application table, so any write shows. */
    private String snapshot() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(config.get("db.url").asString().get(),
                config.get("db.user").asString().orElse(""), config.get("db.password").asString().orElse(""));
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            tables.sort(null);
            for (String table : tables) {
                if (table.toLowerCase(java.util.Locale.ROOT).startsWith("flyway")) {
                    continue;
                }
                out.append(table).append(':');
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            out.append(rs.getString(i)).append('|');
                        }
                        out.append('\n');
                    }
                }
            }
        }
        assertThat("no application table found", out.isEmpty(), is(false));
        return out.toString();
    }
}
