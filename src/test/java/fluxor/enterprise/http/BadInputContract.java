package fluxor.enterprise.http;

import static fluxor.enterprise.http.ProblemAssertions.assertErrorField;
import static fluxor.enterprise.http.ProblemAssertions.assertNoErrors;
import static fluxor.enterprise.http.ProblemAssertions.assertNotEchoed;
import static fluxor.enterprise.http.ProblemAssertions.assertProblem;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import fluxor.enterprise.App;
import io.helidon.config.Config;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table-driven bad-input suite: each row is sent over a raw socket and must come back as the expected
 * problem (status, problem+json, RFC 9457 members, the invalid field named, security headers, nothing internal),
 * with the database unchanged. Rows cover what exists today: the service root, health, metrics, unknown routes,
 * and body handling through a test-only route that reads its body with {@link JsonBody} exactly as the API
 * handlers do. Subclasses pick the database.
 *
 * <p>The users/auth endpoints have their own rows in {@link #usersAndAuthCases()}: {@code BadInput.json(name,
 * "POST", "/api/v1/auth/register", body).invalid("email")}, {@code .bearer("{user_token}")} for protected routes,
 * {@code .expect(status)} otherwise. Values that exist only once the server runs (tokens, ids, the seeded user's
 * email) are written as placeholders ({@code {user_token}}, {@code {admin_id}}, ...) and filled in from
 * {@link #fixture()}: one normal user and one administrator (bootstrapped from {@code admin.email} /
 * {@code admin.password}, see {@link #overrides()}), both logged in, seeded before the first row so that "the
 * database is unchanged" means something. Every row is checked for problem+json, the RFC 9457 members, the named
 * field, security headers, no leaked internals, no token or password echoed, a Bearer challenge on every 401, and
 * an unchanged database (every row of every table but Flyway's, users and refresh_tokens included).
 */
abstract class BadInputContract {
    static final String PROFILE = "/test/profile";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s.]{2,63}");
    static final String ADMIN_EMAIL = "bad-input-admin@fluxor.test";
    static final String ADMIN_PASSWORD = "admin passphrase for bad input";
    static final String USER_EMAIL = "bad-input-user@example.com";
    static final String PASSWORD = "a decent passphrase";
    /** Seeded users and their tokens, per server (one per test class), created by the first row that runs. */
    private static final Map<Integer, Map<String, String>> FIXTURES = new ConcurrentHashMap<>();

    private final int port;
    private final Config config;

    BadInputContract(int port, Config config) {
        this.port = port;
        this.config = config;
    }

    /** {@code count} header fields in all (the two every raw request carries, Host and Connection, included). */
    private static BadInput manyHeaderFields(BadInput row, int count) {
        for (int i = 2; i < count; i++) {
            row = row.header("X-Field-" + i, "v");
        }
        return row;
    }

    /** Test-only routes on top of the real ones: a JSON body reader and a handler that fails like a bad query. */
    static void testRoutes(App app) {
        app.routes().post(PROFILE, BadInputContract::profile);
        app.routes().get("/test/boom", (req, res) -> {
            throw new IllegalStateException(
                    "org.h2.jdbc.JdbcSQLSyntaxErrorException: Column \"password_hash\" not "
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
        res.send(
                Json.createObjectBuilder().add("email", email).add("name", name).build());
    }

    /**
     * What the database-backed rows need: the admin bootstrapped at start, and rate limits high enough that the
     * table itself (well over 30 requests to {@code /api/v1/auth/*}) is never limited.
     */
    static Map<String, String> overrides() {
        return Map.of(
                "admin.email",
                ADMIN_EMAIL,
                "admin.password",
                ADMIN_PASSWORD,
                "rate.limit.per.minute",
                "1000000",
                "auth.rate.limit.per.minute",
                "1000000");
    }

    static Stream<BadInput> cases() {
        return Stream.of(edgeCases(), usersAndAuthCases(), AccountBadInputs.cases(), mfaCases())
                .flatMap(s -> s);
    }

    /** The edge itself: routes, transport, media types and JSON syntax through the test-only route. */
    static Stream<BadInput> edgeCases() {
        List<BadInput> c = new ArrayList<>();
        // routes
        c.add(BadInput.request("unknown path", "GET", "/no/such/thing").expect(404));
        c.add(BadInput.request("unknown API path", "GET", "/api/v2/users").expect(404));
        c.add(BadInput.request("path traversal", "GET", "/../../etc/passwd")
                .expect(404)
                .notEchoing("root:"));
        c.add(BadInput.request("encoded traversal", "GET", "/%2e%2e/%2e%2e/etc/passwd")
                .expect(404));
        c.add(BadInput.request("script in path", "GET", "/%3Cscript%3Ealert(1)%3C/script%3E")
                .expect(404)
                .notEchoing("<script>"));
        c.add(BadInput.request("SQL in path", "GET", "/users/1%27%20OR%20%271%27=%271")
                .expect(404));
        c.add(BadInput.request("wrong method on root", "DELETE", "/").expect(405));
        c.add(BadInput.json("wrong method with body on root", "POST", "/", "{}").expect(405));
        c.add(BadInput.request("wrong method on liveness", "POST", "/health/live")
                .expect(405));
        c.add(BadInput.request("wrong method on metrics", "PUT", "/metrics").expect(405));
        c.add(BadInput.request("wrong method on test route", "GET", PROFILE).expect(405));
        c.add(BadInput.request("handler failure with SQL in its message", "GET", "/test/boom")
                .expect(500));
        // transport
        c.add(BadInput.request("Content-Length not a number", "POST", PROFILE)
                .contentType(BadInput.JSON)
                .header("Content-Length", "12abc")
                .expect(400));
        c.add(BadInput.request("declared body over 64 KiB is refused before it is sent", "POST", PROFILE)
                .contentType(BadInput.JSON)
                .header("Content-Length", "10000000")
                .expect(413));
        c.add(BadInput.json("body over 64 KiB", "POST", PROFILE, bigJson(70_000))
                .expect(413));
        c.add(BadInput.json("chunked body over 64 KiB", "POST", PROFILE, bigJson(70_000))
                .sentChunked()
                .expect(413));
        c.add(BadInput.json("declared body over 64 KiB on a GET route", "GET", "/", bigJson(70_000))
                .expect(413));
        c.add(BadInput.request("NUL byte in path", "GET", "/a\u0000b").expect(400));
        c.add(BadInput.request("bad percent-encoding in path", "GET", "/%zz").expect(400));
        c.add(BadInput.request("request target of 40 000 characters", "GET", "/" + "a".repeat(40_000))
                .expect(414));
        c.add(BadInput.request("header of 40 000 characters", "GET", "/")
                .header("X-Big", "a".repeat(40_000))
                .expect(431));
        c.add(manyHeaderFields(BadInput.request("101 header fields", "GET", "/"), 101)
                .expect(431));
        c.add(BadInput.raw(
                        "header name with a space",
                        "GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\nConnection: close\r\n\r\n")
                .expect(400));
        c.add(BadInput.raw("unknown HTTP version", "GET / HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n")
                .expect(400));
        c.add(BadInput.raw(
                        "TLS handshake on the plain port",
                        "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n")
                .expect(400));
        c.add(BadInput.raw(
                        "chunk size not hex on a route that reads the body",
                        "POST " + PROFILE + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
                .expect(400));
        // media type
        c.add(BadInput.request("no content type", "POST", PROFILE).body(valid()).expect(415));
        c.add(BadInput.request("text/plain", "POST", PROFILE)
                .contentType("text/plain")
                .body(valid())
                .expect(415));
        c.add(BadInput.request("form encoded", "POST", PROFILE)
                .contentType("application/x-www-form-urlencoded")
                .body("email=a%40b.co&name=x")
                .expect(415));
        c.add(BadInput.request("xml", "POST", PROFILE)
                .contentType("application/xml")
                .body("<a/>")
                .expect(415));
        c.add(BadInput.request("json in latin-1", "POST", PROFILE)
                .contentType("application/json; charset=ISO-8859-1")
                .body(valid())
                .expect(415));
        // syntax
        c.add(BadInput.json("empty body", "POST", PROFILE, "").expect(400));
        c.add(BadInput.json("whitespace only", "POST", PROFILE, "  \n ").expect(400));
        c.add(BadInput.json("truncated object", "POST", PROFILE, "{\"email\":").expect(400));
        c.add(BadInput.json("single quotes", "POST", PROFILE, "{'email':'a@b.co'}")
                .expect(400));
        c.add(BadInput.json("trailing comma", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"A\",}")
                .expect(400));
        c.add(BadInput.json("trailing garbage", "POST", PROFILE, valid() + " xyz")
                .expect(400));
        c.add(BadInput.json("two objects", "POST", PROFILE, valid() + valid()).expect(400));
        c.add(BadInput.json("array instead of object", "POST", PROFILE, "[" + valid() + "]")
                .expect(400));
        c.add(BadInput.json("string instead of object", "POST", PROFILE, "\"hello\"")
                .expect(400));
        c.add(BadInput.json("null instead of object", "POST", PROFILE, "null").expect(400));
        c.add(BadInput.json("number instead of object", "POST", PROFILE, "42").expect(400));
        c.add(BadInput.json("invalid UTF-8", "POST", PROFILE, "")
                .body(concat(
                        "{\"email\":\"a@b.co\",\"name\":\"", new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "\"}"))
                .expect(400));
        c.add(BadInput.json("overlong UTF-8 encoding of '/'", "POST", PROFILE, "")
                .body(concat("{\"email\":\"a@b.co\",\"name\":\"", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}"))
                .expect(400));
        c.add(BadInput.json(
                        "raw control character in a string",
                        "POST",
                        PROFILE,
                        "{\"email\":\"a@b.co\",\"name\":\"a\u0001b\"}")
                .expect(400));
        c.add(BadInput.json("deep nesting", "POST", PROFILE, "{\"tags\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                .expect(400));
        c.add(BadInput.json("duplicate field", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"A\",\"name\":\"B\"}")
                .expect(400));
        // validation
        c.add(BadInput.json("empty object", "POST", PROFILE, "{}").invalid("email"));
        c.add(BadInput.json("missing name", "POST", PROFILE, "{\"email\":\"a@b.co\"}")
                .invalid("name"));
        c.add(BadInput.json(
                        "unknown field", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"A\",\"role\":\"admin\"}")
                .invalid("role"));
        c.add(BadInput.json(
                        "prototype pollution field",
                        "POST",
                        PROFILE,
                        "{\"email\":\"a@b.co\",\"name\":\"A\",\"__proto__\":{\"admin\":true}}")
                .invalid("__proto__"));
        c.add(BadInput.json("number for a string", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":123}")
                .invalid("name"));
        c.add(BadInput.json("object for a string", "POST", PROFILE, "{\"email\":{\"$ne\":null},\"name\":\"A\"}")
                .invalid("email"));
        c.add(BadInput.json("null for a required string", "POST", PROFILE, "{\"email\":null,\"name\":\"A\"}")
                .invalid("email"));
        c.add(BadInput.json("empty string", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"\"}")
                .invalid("name"));
        c.add(BadInput.json(
                        "huge string",
                        "POST",
                        PROFILE,
                        "{\"email\":\"a@b.co\",\"name\":\"" + "x".repeat(20_000) + "\"}")
                .invalid("name"));
        c.add(BadInput.json("escaped NUL byte", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"a\\u0000b\"}")
                .invalid("name"));
        c.add(BadInput.json("escaped newline", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"a\\nb\"}")
                .invalid("name"));
        c.add(BadInput.json("SQL injection as email", "POST", PROFILE, "{\"email\":\"' OR '1'='1' --\",\"name\":\"A\"}")
                .invalid("email")
                .notEchoing("'1'='1'"));
        c.add(BadInput.json(
                        "script as email", "POST", PROFILE, "{\"email\":\"<script>alert(1)</script>\",\"name\":\"A\"}")
                .invalid("email")
                .notEchoing("<script>"));
        c.add(BadInput.json("email without domain", "POST", PROFILE, "{\"email\":\"someone@\",\"name\":\"A\"}")
                .invalid("email"));
        c.add(BadInput.json("negative number", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"A\",\"age\":-1}")
                .invalid("age"));
        c.add(BadInput.json(
                        "huge number",
                        "POST",
                        PROFILE,
                        "{\"email\":\"a@b.co\",\"name\":\"A\",\"age\":123456789012345678901234567890}")
                .invalid("age"));
        c.add(BadInput.json(
                        "huge exponent", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"A\",\"age\":1e999999999}")
                .invalid("age"));
        c.add(BadInput.json(
                        "fraction for an integer", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"A\",\"age\":1.5}")
                .invalid("age"));
        c.add(BadInput.json(
                        "string for an integer",
                        "POST",
                        PROFILE,
                        "{\"email\":\"a@b.co\",\"name\":\"A\",\"age\":\"30\"}")
                .invalid("age"));
        c.add(BadInput.json(
                        "string for a boolean",
                        "POST",
                        PROFILE,
                        "{\"email\":\"a@b.co\",\"name\":\"A\",\"admin\":\"true\"}")
                .invalid("admin"));
        c.add(BadInput.json(
                        "too many list items",
                        "POST",
                        PROFILE,
                        "{\"email\":\"a@b.co\",\"name\":\"A\",\"tags\":[" + "\"t\",".repeat(50) + "\"t\"]}")
                .invalid("tags"));
        c.add(BadInput.json(
                        "non-string list item", "POST", PROFILE, "{\"email\":\"a@b.co\",\"name\":\"A\",\"tags\":[1]}")
                .invalid("tags"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsRefusedWithAProblem(BadInput input) throws Exception {
        Map<String, String> fixture = fixture();
        // A well-formed login with wrong credentials is counted toward the lockout by design (LockoutContract);
        // on every other route login_failures must stay unchanged like every other table.
        boolean countsFailures = LOGIN.equals(input.path());
        String before = snapshot(countsFailures);
        RawHttp.Response res = RawHttp.send(port, input.toRequest(fixture));
        JsonObject body = assertProblem(res, input.status());
        if (input.field() != null) {
            assertErrorField(body, input.field());
        } else {
            assertNoErrors(body);
        }
        if (input.mustNotEcho() != null) {
            assertNotEchoed(res, BadInput.expand(input.mustNotEcho(), fixture));
        }
        for (String secret : List.of("user_token", "user_refresh", "admin_token", "admin_refresh")) {
            assertNotEchoed(res, fixture.get(secret));
        }
        assertNotEchoed(res, PASSWORD);
        assertNotEchoed(res, ADMIN_PASSWORD);
        if (input.status() == 405) {
            assertThat(res.header("Allow").isPresent(), is(true));
        }
        if (input.status() == 401) {
            assertThat(res.header("WWW-Authenticate").orElse(""), startsWith("Bearer"));
        }
        assertThat("database changed by " + input.name(), snapshot(countsFailures), is(before));
    }

    @Test
    void theTestRouteAcceptsAValidBody() throws Exception {
        RawHttp.Response res = RawHttp.send(
                port, BadInput.json("valid", "POST", PROFILE, valid()).toRequest());
        assertThat(res.text(), res.status(), is(200));
    }

    @Test
    void tableHasEnoughRows() {
        assertThat(cases().count(), greaterThanOrEqualTo(200L));
        // issue 4: at least 60 over the users/auth endpoints, and every one of them covered
        assertThat(usersAndAuthCases().count(), greaterThanOrEqualTo(60L));
        for (String endpoint : List.of(
                "POST " + REGISTER,
                "POST " + LOGIN,
                "POST " + REFRESH,
                "POST " + LOGOUT,
                "GET " + ME,
                "GET " + USERS,
                "GET " + USERS + "/",
                "PATCH " + USERS + "/",
                "DELETE " + USERS + "/",
                "GET " + SESSIONS,
                "DELETE " + SESSIONS,
                "DELETE " + SESSIONS + "/")) {
            long rows = usersAndAuthCases()
                    .filter(r -> endpoint.endsWith("/")
                            ? (r.method() + " " + r.path()).startsWith(endpoint)
                                    && !r.path().equals(ME)
                            : (r.method() + " " + r.path().split("\\?", -1)[0]).equals(endpoint))
                    .count();
            assertThat(endpoint + " rows", rows, greaterThanOrEqualTo(5L));
        }
    }

    @Test
    void everyAccountEndpointHasRows() {
        for (String path : AccountBadInputs.ENDPOINTS) {
            long rows =
                    AccountBadInputs.cases().filter(r -> r.path().equals(path)).count();
            assertThat(path + " rows", rows, greaterThanOrEqualTo(5L));
        }
    }

    @Test
    void theFixtureTokensWork() throws Exception {
        Map<String, String> f = fixture();
        RawHttp.Response me = RawHttp.send(
                port, BadInput.request("me", "GET", ME).bearer("{user_token}").toRequest(f));
        assertThat(me.text(), me.status(), is(200));
        assertThat(ProblemAssertions.json(me.text()).getString("id"), is(f.get("user_id")));
        RawHttp.Response list = RawHttp.send(
                port,
                BadInput.request("list", "GET", USERS + "?limit=100")
                        .bearer("{admin_token}")
                        .toRequest(f));
        assertThat(list.text(), list.status(), is(200));
        assertThat(
                list.text(),
                ProblemAssertions.json(list.text()).getJsonArray("items").size(),
                greaterThanOrEqualTo(2));
        // "the database is unchanged" covers the seeded users and their live refresh tokens
        String snapshot = snapshot();
        for (String table : List.of("users:", "refresh_tokens:")) {
            assertThat(snapshot, org.hamcrest.Matchers.containsString(table));
        }
        for (String id : List.of(f.get("user_id"), f.get("admin_id"))) {
            assertThat(snapshot, org.hamcrest.Matchers.containsString(id));
        }
    }

    static final String REGISTER = "/api/v1/auth/register";
    static final String LOGIN = "/api/v1/auth/login";
    static final String REFRESH = "/api/v1/auth/refresh";
    static final String LOGOUT = "/api/v1/auth/logout";
    static final String ME = "/api/v1/users/me";
    static final String USERS = "/api/v1/users";
    /** A well-formed version-7 id no user has. */
    static final String UNKNOWN_ID = "0190f1a2-3b4c-7d5e-8f60-718293a4b5c6";

    private static final String SELF = USERS + "/{user_id}";
    private static final String ADMIN_SELF = USERS + "/{admin_id}";
    private static final String REG_OK_TAIL = ",\"password\":\"" + PASSWORD + "\",\"name\":\"New User\"}";

    /** Rows over every users/auth endpoint (issue 4). Placeholders are filled from {@link #fixture()}. */
    static Stream<BadInput> usersAndAuthCases() {
        List<BadInput> c = new ArrayList<>();
        // POST /api/v1/auth/register
        c.add(BadInput.json("register: empty object", "POST", REGISTER, "{}").invalid("email"));
        c.add(BadInput.json(
                        "register: missing password",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"name\":\"N\"}")
                .invalid("password"));
        c.add(BadInput.json(
                        "register: missing name",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"" + PASSWORD + "\"}")
                .invalid("name"));
        c.add(BadInput.json("register: number for email", "POST", REGISTER, "{\"email\":42" + REG_OK_TAIL)
                .invalid("email"));
        c.add(BadInput.json("register: null email", "POST", REGISTER, "{\"email\":null" + REG_OK_TAIL)
                .invalid("email"));
        c.add(BadInput.json(
                        "register: NoSQL operator object for email",
                        "POST",
                        REGISTER,
                        "{\"email\":{\"$gt\":\"\"}" + REG_OK_TAIL)
                .invalid("email"));
        c.add(BadInput.json(
                        "register: array for password",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":[\"" + PASSWORD + "\"],\"name\":\"N\"}")
                .invalid("password"));
        c.add(BadInput.json(
                        "register: number for password",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":123456789012345,\"name\":\"N\"}")
                .invalid("password"));
        c.add(BadInput.json(
                        "register: boolean for name",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"" + PASSWORD + "\",\"name\":true}")
                .invalid("name"));
        c.add(BadInput.json(
                        "register: huge exponent for name",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"" + PASSWORD + "\",\"name\":1e999999999}")
                .invalid("name"));
        c.add(BadInput.json(
                        "register: roles field (mass assignment)",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"roles\":[\"admin\"]," + REG_OK_TAIL.substring(1))
                .invalid("roles"));
        c.add(BadInput.json(
                        "register: id field",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"id\":\"" + UNKNOWN_ID + "\"," + REG_OK_TAIL.substring(1))
                .invalid("id"));
        c.add(BadInput.json(
                        "register: disabled field",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"disabled\":false," + REG_OK_TAIL.substring(1))
                .invalid("disabled"));
        c.add(BadInput.json(
                        "register: password_hash field",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password_hash\":\"$argon2id$v=19$m=1,t=1,p=1$YQ$YQ\","
                                + REG_OK_TAIL.substring(1))
                .invalid("password_hash"));
        c.add(BadInput.json("register: not an email", "POST", REGISTER, "{\"email\":\"not-an-email\"" + REG_OK_TAIL)
                .invalid("email"));
        c.add(BadInput.json(
                        "register: email without a dot in the domain",
                        "POST",
                        REGISTER,
                        "{\"email\":\"a@b\"" + REG_OK_TAIL)
                .invalid("email"));
        c.add(BadInput.json(
                        "register: email of 255 characters",
                        "POST",
                        REGISTER,
                        "{\"email\":\"" + "a".repeat(243) + "@example.com\"" + REG_OK_TAIL)
                .invalid("email"));
        c.add(BadInput.json(
                        "register: SQL injection as email",
                        "POST",
                        REGISTER,
                        "{\"email\":\"' OR '1'='1' --\"" + REG_OK_TAIL)
                .invalid("email")
                .notEchoing("'1'='1'"));
        c.add(BadInput.json(
                        "register: DROP TABLE in email",
                        "POST",
                        REGISTER,
                        "{\"email\":\"x@example.com'; DROP TABLE users; --\"" + REG_OK_TAIL)
                .invalid("email")
                .notEchoing("DROP TABLE"));
        c.add(BadInput.json(
                        "register: script as email",
                        "POST",
                        REGISTER,
                        "{\"email\":\"<script>alert(1)</script>\"" + REG_OK_TAIL)
                .invalid("email")
                .notEchoing("<script>"));
        c.add(BadInput.json(
                        "register: script as name with the email missing",
                        "POST",
                        REGISTER,
                        "{\"password\":\"" + PASSWORD + "\",\"name\":\"<script>alert(1)</script>\"}")
                .invalid("email")
                .notEchoing("<script>"));
        c.add(BadInput.json(
                        "register: header injection in email",
                        "POST",
                        REGISTER,
                        "{\"email\":\"a@example.com\\r\\nBcc: all@example.com\"" + REG_OK_TAIL)
                .invalid("email"));
        c.add(BadInput.json(
                        "register: escaped NUL in email",
                        "POST",
                        REGISTER,
                        "{\"email\":\"a\\u0000b@example.com\"" + REG_OK_TAIL)
                .invalid("email"));
        c.add(BadInput.json(
                        "register: password of 5 characters",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"short\",\"name\":\"N\"}")
                .invalid("password")
                .notEchoing("\"short\""));
        c.add(BadInput.json(
                        "register: password of 129 characters",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"" + "p".repeat(129) + "\",\"name\":\"N\"}")
                .invalid("password"));
        c.add(BadInput.json(
                        "register: password of 5000 characters",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"" + "p".repeat(5000) + "\",\"name\":\"N\"}")
                .invalid("password"));
        c.add(BadInput.json(
                        "register: common password",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"Password1234\",\"name\":\"N\"}")
                .invalid("password")
                .notEchoing("Password1234"));
        c.add(BadInput.json(
                        "register: escaped NUL in password",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"a decent\\u0000passphrase\",\"name\":\"N\"}")
                .invalid("password"));
        c.add(BadInput.json(
                        "register: empty name",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"" + PASSWORD + "\",\"name\":\"\"}")
                .invalid("name"));
        c.add(BadInput.json(
                        "register: blank name",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"" + PASSWORD + "\",\"name\":\"   \"}")
                .invalid("name"));
        c.add(BadInput.json(
                        "register: name of 101 characters",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"" + PASSWORD + "\",\"name\":\"" + "n".repeat(101)
                                + "\"}")
                .invalid("name"));
        c.add(BadInput.json(
                        "register: name of 30 000 characters",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"" + PASSWORD + "\",\"name\":\""
                                + "n".repeat(30_000) + "\"}")
                .invalid("name"));
        c.add(BadInput.json(
                        "register: escaped NUL in name",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"" + PASSWORD + "\",\"name\":\"a\\u0000b\"}")
                .invalid("name"));
        c.add(BadInput.json(
                        "register: raw NUL byte in name",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"password\":\"" + PASSWORD + "\",\"name\":\"a\u0000b\"}")
                .expect(400));
        c.add(BadInput.json("register: invalid UTF-8 in name", "POST", REGISTER, "")
                .body(concat(
                        "{\"email\":\"new@example.com\",\"password\":\"" + PASSWORD + "\",\"name\":\"",
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        "\"}"))
                .expect(400));
        c.add(BadInput.json("register: truncated JSON", "POST", REGISTER, "{\"email\":\"new@example.com\",")
                .expect(400));
        c.add(BadInput.json(
                        "register: array body", "POST", REGISTER, "[{\"email\":\"new@example.com\"" + REG_OK_TAIL + "]")
                .expect(400));
        c.add(BadInput.json(
                        "register: duplicate email field",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"email\":\"other@example.com\"" + REG_OK_TAIL)
                .expect(400));
        c.add(BadInput.json(
                        "register: deep nesting",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\",\"name\":" + "[".repeat(200) + "]".repeat(200) + "}")
                .expect(400));
        c.add(BadInput.json(
                        "register: body over 64 KiB",
                        "POST",
                        REGISTER,
                        "{\"email\":\"new@example.com\"" + REG_OK_TAIL.replace("New User", "n".repeat(70_000)))
                .expect(413));
        c.add(BadInput.request("register: no content type", "POST", REGISTER)
                .body("{\"email\":\"new@example.com\"" + REG_OK_TAIL)
                .expect(415));
        c.add(BadInput.request("register: form encoded", "POST", REGISTER)
                .contentType("application/x-www-form-urlencoded")
                .body("email=new%40example.com&password=a+decent+passphrase&name=N")
                .expect(415));
        c.add(BadInput.request("register: JSON declared as UTF-16", "POST", REGISTER)
                .contentType("application/json; charset=UTF-16")
                .body("{\"email\":\"new@example.com\"" + REG_OK_TAIL)
                .expect(415));
        c.add(BadInput.json(
                        "register: email already taken", "POST", REGISTER, "{\"email\":\"{user_email}\"" + REG_OK_TAIL)
                .expect(409));
        c.add(BadInput.json(
                        "register: email taken in another case, padded",
                        "POST",
                        REGISTER,
                        "{\"email\":\"  " + USER_EMAIL.toUpperCase(java.util.Locale.ROOT) + " \"" + REG_OK_TAIL)
                .expect(409));
        c.add(BadInput.request("register: wrong method", "GET", REGISTER).expect(405));

        // POST /api/v1/auth/login
        c.add(BadInput.json("login: empty object", "POST", LOGIN, "{}").invalid("email"));
        c.add(BadInput.json("login: missing password", "POST", LOGIN, "{\"email\":\"{user_email}\"}")
                .invalid("password"));
        c.add(BadInput.json("login: number for email", "POST", LOGIN, "{\"email\":1,\"password\":\"" + PASSWORD + "\"}")
                .invalid("email"));
        c.add(BadInput.json("login: null password", "POST", LOGIN, "{\"email\":\"{user_email}\",\"password\":null}")
                .invalid("password"));
        c.add(BadInput.json("login: empty password", "POST", LOGIN, "{\"email\":\"{user_email}\",\"password\":\"\"}")
                .invalid("password"));
        c.add(BadInput.json(
                        "login: NoSQL operator object for password",
                        "POST",
                        LOGIN,
                        "{\"email\":\"{user_email}\",\"password\":{\"$ne\":null}}")
                .invalid("password"));
        c.add(BadInput.json(
                        "login: password of 5000 characters",
                        "POST",
                        LOGIN,
                        "{\"email\":\"{user_email}\",\"password\":\"" + "p".repeat(5000) + "\"}")
                .invalid("password"));
        c.add(BadInput.json(
                        "login: email of 300 characters",
                        "POST",
                        LOGIN,
                        "{\"email\":\"" + "e".repeat(288) + "@example.com\",\"password\":\"" + PASSWORD + "\"}")
                .invalid("email"));
        c.add(BadInput.json(
                        "login: unknown field",
                        "POST",
                        LOGIN,
                        "{\"email\":\"{user_email}\",\"password\":\"" + PASSWORD + "\",\"remember_me\":true}")
                .invalid("remember_me"));
        c.add(BadInput.json(
                        "login: escaped NUL in email",
                        "POST",
                        LOGIN,
                        "{\"email\":\"{user_email}\\u0000\",\"password\":\"" + PASSWORD + "\"}")
                .invalid("email"));
        c.add(BadInput.json(
                        "login: SQL tautology as email",
                        "POST",
                        LOGIN,
                        "{\"email\":\"' OR '1'='1' --\",\"password\":\"x\"}")
                .expect(401)
                .notEchoing("'1'='1'"));
        c.add(BadInput.json(
                        "login: SQL comment after a real email",
                        "POST",
                        LOGIN,
                        "{\"email\":\"{user_email}' --\",\"password\":\"x\"}")
                .expect(401));
        c.add(BadInput.json(
                        "login: unknown email",
                        "POST",
                        LOGIN,
                        "{\"email\":\"nobody-here@example.com\",\"password\":\"" + PASSWORD + "\"}")
                .expect(401)
                .notEchoing("nobody-here"));
        c.add(BadInput.json("login: single quotes", "POST", LOGIN, "{'email':'{user_email}'}")
                .expect(400));
        c.add(BadInput.json("login: invalid UTF-8 in password", "POST", LOGIN, "")
                .body(concat(
                        "{\"email\":\"" + USER_EMAIL + "\",\"password\":\"",
                        new byte[] {(byte) 0xF8, (byte) 0x88},
                        "\"}"))
                .expect(400));
        c.add(BadInput.json(
                        "login: body over 64 KiB",
                        "POST",
                        LOGIN,
                        "{\"email\":\"{user_email}\",\"password\":\"" + "p".repeat(70_000) + "\"}")
                .expect(413));
        c.add(BadInput.request("login: text/plain", "POST", LOGIN)
                .contentType("text/plain")
                .body("{\"email\":\"{user_email}\",\"password\":\"" + PASSWORD + "\"}")
                .expect(415));
        c.add(BadInput.request("login: wrong method", "GET", LOGIN).expect(405));

        // POST /api/v1/auth/refresh
        c.add(BadInput.json("refresh: empty object", "POST", REFRESH, "{}").invalid("refresh_token"));
        c.add(BadInput.json("refresh: number for the token", "POST", REFRESH, "{\"refresh_token\":12345}")
                .invalid("refresh_token"));
        c.add(BadInput.json("refresh: null token", "POST", REFRESH, "{\"refresh_token\":null}")
                .invalid("refresh_token"));
        c.add(BadInput.json("refresh: empty token", "POST", REFRESH, "{\"refresh_token\":\"\"}")
                .invalid("refresh_token"));
        c.add(BadInput.json(
                        // longer than any access token may be (4096): an access token sent here is a 401, not this
                        "refresh: token of 5000 characters",
                        "POST",
                        REFRESH,
                        "{\"refresh_token\":\"" + "r".repeat(5000) + "\"}")
                .invalid("refresh_token"));
        c.add(BadInput.json(
                        "refresh: real token inside an array is not rotated",
                        "POST",
                        REFRESH,
                        "{\"refresh_token\":[\"{user_refresh}\"]}")
                .invalid("refresh_token"));
        c.add(BadInput.json(
                        "refresh: real token with an unknown field is not rotated",
                        "POST",
                        REFRESH,
                        "{\"refresh_token\":\"{user_refresh}\",\"user_id\":\"{admin_id}\"}")
                .invalid("user_id"));
        c.add(BadInput.json(
                        "refresh: escaped NUL after a real token",
                        "POST",
                        REFRESH,
                        "{\"refresh_token\":\"{user_refresh}\\u0000\"}")
                .invalid("refresh_token"));
        c.add(BadInput.json("refresh: garbage token", "POST", REFRESH, "{\"refresh_token\":\"garbage\"}")
                .expect(401)
                .notEchoing("garbage"));
        c.add(BadInput.json("refresh: SQL tautology as token", "POST", REFRESH, "{\"refresh_token\":\"' OR '1'='1\"}")
                .expect(401));
        c.add(BadInput.json(
                        "refresh: access token as refresh token",
                        "POST",
                        REFRESH,
                        "{\"refresh_token\":\"{user_token}\"}")
                .expect(401));
        c.add(BadInput.json(
                        "refresh: real token with trailing space",
                        "POST",
                        REFRESH,
                        "{\"refresh_token\":\"{user_refresh} \"}")
                .expect(401));
        c.add(BadInput.json("refresh: malformed JSON", "POST", REFRESH, "{\"refresh_token\":\"{user_refresh}\"")
                .expect(400));
        c.add(BadInput.request("refresh: form encoded", "POST", REFRESH)
                .contentType("application/x-www-form-urlencoded")
                .body("refresh_token={user_refresh}")
                .expect(415));
        c.add(BadInput.request("refresh: wrong method", "GET", REFRESH).expect(405));

        // POST /api/v1/auth/logout
        String logoutBody = "{\"refresh_token\":\"{user_refresh}\"}";
        c.add(BadInput.json("logout: no bearer token", "POST", LOGOUT, logoutBody)
                .expect(401));
        c.add(BadInput.json("logout: garbage bearer token", "POST", LOGOUT, logoutBody)
                .bearer("garbage")
                .expect(401));
        c.add(BadInput.json("logout: refresh token as bearer", "POST", LOGOUT, logoutBody)
                .bearer("{user_refresh}")
                .expect(401));
        c.add(BadInput.json("logout: Basic credentials", "POST", LOGOUT, logoutBody)
                .header("Authorization", "Basic " + base64(USER_EMAIL + ":" + PASSWORD))
                .expect(401));
        c.add(BadInput.json(
                        "logout: someone else's refresh token",
                        "POST",
                        LOGOUT,
                        "{\"refresh_token\":\"{admin_refresh}\"}")
                .bearer("{user_token}")
                .expect(401));
        c.add(BadInput.json("logout: unknown refresh token", "POST", LOGOUT, "{\"refresh_token\":\"nope\"}")
                .bearer("{user_token}")
                .expect(401));
        c.add(BadInput.json("logout: empty object", "POST", LOGOUT, "{}")
                .bearer("{user_token}")
                .invalid("refresh_token"));
        c.add(BadInput.json("logout: number for the token", "POST", LOGOUT, "{\"refresh_token\":-1}")
                .bearer("{user_token}")
                .invalid("refresh_token"));
        c.add(BadInput.json(
                        "logout: unknown field", "POST", LOGOUT, "{\"refresh_token\":\"{user_refresh}\",\"all\":true}")
                .bearer("{user_token}")
                .invalid("all"));
        c.add(BadInput.json("logout: malformed JSON", "POST", LOGOUT, "{refresh_token}")
                .bearer("{user_token}")
                .expect(400));
        c.add(BadInput.request("logout: text/plain", "POST", LOGOUT)
                .contentType("text/plain")
                .body(logoutBody)
                .bearer("{user_token}")
                .expect(415));
        c.add(BadInput.request("logout: no body", "POST", LOGOUT)
                .contentType(BadInput.JSON)
                .bearer("{user_token}")
                .expect(400));

        // GET /api/v1/users/me
        c.add(BadInput.request("me: no bearer token", "GET", ME).expect(401));
        c.add(BadInput.request("me: empty bearer token", "GET", ME)
                .header("Authorization", "Bearer")
                .expect(401));
        c.add(BadInput.request("me: garbage bearer token", "GET", ME)
                .bearer("garbage.garbage.garbage")
                .expect(401));
        c.add(BadInput.request("me: SQL tautology as bearer token", "GET", ME)
                .bearer("' OR '1'='1")
                .expect(401));
        c.add(BadInput.request("me: alg none token", "GET", ME)
                .bearer("{alg_none}")
                .expect(401));
        c.add(BadInput.request("me: token with another token's signature", "GET", ME)
                .bearer("{wrong_signature}")
                .expect(401));
        c.add(BadInput.request("me: refresh token as bearer", "GET", ME)
                .bearer("{user_refresh}")
                .expect(401));
        c.add(BadInput.request("me: Basic credentials", "GET", ME)
                .header("Authorization", "Basic " + base64(USER_EMAIL + ":" + PASSWORD))
                .expect(401));
        c.add(BadInput.request("me: token without the Bearer scheme", "GET", ME)
                .header("Authorization", "{user_token}")
                .expect(401));
        c.add(BadInput.request("me: token of 8000 characters", "GET", ME)
                .bearer("e".repeat(8000))
                .expect(401));
        c.add(BadInput.json("me: wrong method", "POST", ME, "{}")
                .bearer("{user_token}")
                .expect(405));

        // GET /api/v1/users (admin)
        for (String q : List.of(
                "0",
                "-1",
                "101",
                "2147483648",
                "99999999999999999999",
                "abc",
                "1.5",
                "1e2",
                "",
                "0x10",
                "%27%20OR%201%3D1",
                "5%00")) {
            c.add(BadInput.request("list: limit=" + q, "GET", USERS + "?limit=" + q)
                    .bearer("{admin_token}")
                    .invalid("limit"));
        }
        for (String q : List.of(
                "bm9wZQ",
                "%25%25%25",
                "A".repeat(1500),
                base64("v1:not-a-uuid"),
                base64("v2:" + UNKNOWN_ID),
                "%27%3B%20DROP%20TABLE%20users%3B%20--",
                "%3Cscript%3Ealert(1)%3C%2Fscript%3E")) {
            c.add(BadInput.request(
                            "list: cursor=" + (q.length() > 40 ? q.substring(0, 10) + "...(" + q.length() + ")" : q),
                            "GET",
                            USERS + "?cursor=" + q)
                    .bearer("{admin_token}")
                    .invalid("cursor")
                    .notEchoing("<script>"));
        }
        c.add(BadInput.request("list: no bearer token", "GET", USERS).expect(401));
        c.add(BadInput.request("list: garbage bearer token", "GET", USERS)
                .bearer("garbage")
                .expect(401));
        c.add(BadInput.request("list: non-admin", "GET", USERS)
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.request("list: non-admin with a bad limit is still 403", "GET", USERS + "?limit=0")
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.request("list: non-admin forging the admin's signature", "GET", USERS)
                .bearer("{forged_admin}")
                .expect(401));

        // GET /api/v1/users/{id}
        c.add(BadInput.request("get: malformed id", "GET", USERS + "/not-a-uuid")
                .bearer("{admin_token}")
                .invalid("id"));
        c.add(BadInput.request("get: SQL tautology as id", "GET", USERS + "/1%27%20OR%20%271%27%3D%271")
                .bearer("{admin_token}")
                .invalid("id"));
        c.add(BadInput.request(
                        "get: UNION SELECT as id",
                        "GET",
                        USERS + "/x%27%20UNION%20SELECT%20password_hash%20FROM%20users--")
                .bearer("{admin_token}")
                .invalid("id"));
        c.add(BadInput.request(
                        "get: 36 characters that are not hex", "GET", USERS + "/zzzzzzzz-zzzz-7zzz-8zzz-zzzzzzzzzzzz")
                .bearer("{admin_token}")
                .invalid("id"));
        c.add(BadInput.request("get: id of 1500 characters", "GET", USERS + "/" + "1".repeat(1500))
                .bearer("{admin_token}")
                .invalid("id"));
        c.add(BadInput.request("get: script as id", "GET", USERS + "/%3Cscript%3Ealert(1)%3C")
                .bearer("{admin_token}")
                .invalid("id")
                .notEchoing("<script>"));
        c.add(BadInput.request("get: unknown id", "GET", USERS + "/" + UNKNOWN_ID)
                .bearer("{admin_token}")
                .expect(404));
        c.add(BadInput.request("get: unknown version-4 id", "GET", USERS + "/9b2e6f0c-2f43-4c1e-9a7d-3f1e2d4c5b6a")
                .bearer("{admin_token}")
                .expect(404));
        c.add(BadInput.request("get: another user's id as non-admin", "GET", ADMIN_SELF)
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.request("get: unknown id as non-admin (no existence oracle)", "GET", USERS + "/" + UNKNOWN_ID)
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.request("get: no bearer token", "GET", SELF).expect(401));
        c.add(BadInput.request("get: garbage bearer token", "GET", SELF)
                .bearer("garbage")
                .expect(401));
        c.add(BadInput.request("get: encoded slash in id", "GET", USERS + "/a%2Fb")
                .bearer("{admin_token}")
                .expect(404));
        c.add(BadInput.request("get: wrong method PUT", "PUT", SELF)
                .bearer("{user_token}")
                .expect(405));

        // PATCH /api/v1/users/{id}
        c.add(BadInput.json("patch: roles on self as non-admin", "PATCH", SELF, "{\"roles\":[\"admin\"]}")
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.json("patch: disabled on self as non-admin", "PATCH", SELF, "{\"disabled\":false}")
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.json(
                        "patch: name and roles on self as non-admin",
                        "PATCH",
                        SELF,
                        "{\"name\":\"Sneaky\",\"roles\":[\"user\",\"admin\"]}")
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.json("patch: another user as non-admin", "PATCH", ADMIN_SELF, "{\"name\":\"Owned\"}")
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.json("patch: email is not patchable", "PATCH", SELF, "{\"email\":\"evil@example.com\"}")
                .bearer("{user_token}")
                .invalid("email"));
        c.add(BadInput.json(
                        "patch: password_hash is not patchable",
                        "PATCH",
                        SELF,
                        "{\"password_hash\":\"$argon2id$v=19$m=1,t=1,p=1$YQ$YQ\"}")
                .bearer("{user_token}")
                .invalid("password_hash"));
        c.add(BadInput.json("patch: number for name", "PATCH", SELF, "{\"name\":7}")
                .bearer("{user_token}")
                .invalid("name"));
        c.add(BadInput.json("patch: null name", "PATCH", SELF, "{\"name\":null}")
                .bearer("{user_token}")
                .invalid("name"));
        c.add(BadInput.json("patch: empty name", "PATCH", SELF, "{\"name\":\"\"}")
                .bearer("{user_token}")
                .invalid("name"));
        c.add(BadInput.json("patch: blank name", "PATCH", SELF, "{\"name\":\" \\t \"}")
                .bearer("{user_token}")
                .invalid("name"));
        c.add(BadInput.json("patch: name of 101 characters", "PATCH", SELF, "{\"name\":\"" + "n".repeat(101) + "\"}")
                .bearer("{user_token}")
                .invalid("name"));
        c.add(BadInput.json("patch: escaped NUL in name", "PATCH", SELF, "{\"name\":\"a\\u0000\"}")
                .bearer("{user_token}")
                .invalid("name"));
        c.add(BadInput.json(
                        "patch: password without current_password",
                        "PATCH",
                        SELF,
                        "{\"password\":\"another fine passphrase\"}")
                .bearer("{user_token}")
                .invalid("current_password"));
        c.add(BadInput.json(
                        "patch: wrong current_password",
                        "PATCH",
                        SELF,
                        "{\"password\":\"another fine passphrase\",\"current_password\":\"not my passphrase\"}")
                .bearer("{user_token}")
                .invalid("current_password")
                .notEchoing("not my passphrase"));
        c.add(BadInput.json(
                        "patch: new password too short",
                        "PATCH",
                        SELF,
                        "{\"password\":\"short\",\"current_password\":\"" + PASSWORD + "\"}")
                .bearer("{user_token}")
                .invalid("password"));
        c.add(BadInput.json(
                        "patch: number for current_password",
                        "PATCH",
                        SELF,
                        "{\"password\":\"another fine passphrase\",\"current_password\":0}")
                .bearer("{user_token}")
                .invalid("current_password"));
        c.add(BadInput.json("patch: unknown role", "PATCH", SELF, "{\"roles\":[\"root\"]}")
                .bearer("{admin_token}")
                .invalid("roles"));
        c.add(BadInput.json("patch: empty roles", "PATCH", SELF, "{\"roles\":[]}")
                .bearer("{admin_token}")
                .invalid("roles"));
        c.add(BadInput.json("patch: string for roles", "PATCH", SELF, "{\"roles\":\"admin\"}")
                .bearer("{admin_token}")
                .invalid("roles"));
        c.add(BadInput.json("patch: number in roles", "PATCH", SELF, "{\"roles\":[1]}")
                .bearer("{admin_token}")
                .invalid("roles"));
        c.add(BadInput.json("patch: 11 roles", "PATCH", SELF, "{\"roles\":[" + "\"user\",".repeat(10) + "\"admin\"]}")
                .bearer("{admin_token}")
                .invalid("roles"));
        c.add(BadInput.json("patch: SQL in a role", "PATCH", SELF, "{\"roles\":[\"admin'; DROP TABLE users;--\"]}")
                .bearer("{admin_token}")
                .invalid("roles")
                .notEchoing("DROP TABLE"));
        c.add(BadInput.json("patch: string for disabled", "PATCH", SELF, "{\"disabled\":\"yes\"}")
                .bearer("{admin_token}")
                .invalid("disabled"));
        c.add(BadInput.json("patch: number for disabled", "PATCH", SELF, "{\"disabled\":1}")
                .bearer("{admin_token}")
                .invalid("disabled"));
        c.add(BadInput.json("patch: null disabled", "PATCH", SELF, "{\"disabled\":null}")
                .bearer("{admin_token}")
                .invalid("disabled"));
        c.add(BadInput.json("patch: admin demoting itself", "PATCH", ADMIN_SELF, "{\"roles\":[\"user\"]}")
                .bearer("{admin_token}")
                .invalid("roles"));
        c.add(BadInput.json("patch: admin disabling itself", "PATCH", ADMIN_SELF, "{\"disabled\":true}")
                .bearer("{admin_token}")
                .invalid("disabled"));
        c.add(BadInput.json(
                        "patch: admin setting another user's password",
                        "PATCH",
                        SELF,
                        "{\"password\":\"another fine passphrase\",\"current_password\":\"" + PASSWORD + "\"}")
                .bearer("{admin_token}")
                .expect(403));
        c.add(BadInput.json("patch: unknown id as admin", "PATCH", USERS + "/" + UNKNOWN_ID, "{\"name\":\"X\"}")
                .bearer("{admin_token}")
                .expect(404));
        c.add(BadInput.json("patch: malformed id", "PATCH", USERS + "/42", "{\"name\":\"X\"}")
                .bearer("{admin_token}")
                .invalid("id"));
        c.add(BadInput.json("patch: no bearer token", "PATCH", SELF, "{\"name\":\"X\"}")
                .expect(401));
        c.add(BadInput.json("patch: token signed by nobody", "PATCH", SELF, "{\"name\":\"X\"}")
                .bearer("{alg_none}")
                .expect(401));
        c.add(BadInput.request("patch: text/plain", "PATCH", SELF)
                .contentType("text/plain")
                .body("name=X")
                .bearer("{user_token}")
                .expect(415));
        c.add(BadInput.json("patch: malformed JSON", "PATCH", SELF, "{\"name\":}")
                .bearer("{user_token}")
                .expect(400));
        c.add(BadInput.json("patch: array body", "PATCH", SELF, "[{\"name\":\"X\"}]")
                .bearer("{user_token}")
                .expect(400));
        c.add(BadInput.json(
                        "patch: deep nesting in roles",
                        "PATCH",
                        SELF,
                        "{\"roles\":" + "[".repeat(100) + "]".repeat(100) + "}")
                .bearer("{admin_token}")
                .expect(400));
        c.add(BadInput.json("patch: invalid UTF-8 in name", "PATCH", SELF, "")
                .body(concat("{\"name\":\"", new byte[] {(byte) 0x80, (byte) 0xBF}, "\"}"))
                .bearer("{user_token}")
                .expect(400));
        c.add(BadInput.json("patch: body over 64 KiB", "PATCH", SELF, "{\"name\":\"" + "n".repeat(70_000) + "\"}")
                .bearer("{user_token}")
                .expect(413));

        // DELETE /api/v1/users/{id}
        c.add(BadInput.request("delete: another user as non-admin", "DELETE", ADMIN_SELF)
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.request("delete: self as non-admin", "DELETE", SELF)
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.request("delete: unknown id as non-admin", "DELETE", USERS + "/" + UNKNOWN_ID)
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.request("delete: unknown id", "DELETE", USERS + "/" + UNKNOWN_ID)
                .bearer("{admin_token}")
                .expect(404));
        c.add(BadInput.request("delete: malformed id", "DELETE", USERS + "/not-a-uuid")
                .bearer("{admin_token}")
                .invalid("id"));
        c.add(BadInput.request("delete: SQL tautology as id", "DELETE", USERS + "/1%20OR%201%3D1")
                .bearer("{admin_token}")
                .invalid("id"));
        c.add(BadInput.request("delete: 'me' is not an id", "DELETE", ME)
                .bearer("{admin_token}")
                .invalid("id"));
        c.add(BadInput.request("delete: admin deleting itself", "DELETE", ADMIN_SELF)
                .bearer("{admin_token}")
                .invalid("id"));
        c.add(BadInput.request("delete: no bearer token", "DELETE", SELF).expect(401));
        c.add(BadInput.request("delete: garbage bearer token", "DELETE", SELF)
                .bearer("garbage")
                .expect(401));
        c.add(BadInput.request("delete: non-admin forging the admin's signature", "DELETE", ADMIN_SELF)
                .bearer("{forged_admin}")
                .expect(401));
        sessionsCases(c);
        c.addAll(integrationCases());
        return c.stream();
    }

    static final String SESSIONS = ME + "/sessions";

    /** GET and DELETE /api/v1/users/me/sessions, DELETE /api/v1/users/me/sessions/{id} (issue 12). */
    private static void sessionsCases(List<BadInput> c) {
        c.add(BadInput.request("sessions: list without a token", "GET", SESSIONS)
                .expect(401));
        c.add(BadInput.request("sessions: list with a garbage token", "GET", SESSIONS)
                .bearer("garbage")
                .expect(401));
        c.add(BadInput.request("sessions: list with a forged token", "GET", SESSIONS)
                .bearer("{forged_admin}")
                .expect(401));
        c.add(BadInput.request("sessions: list with the refresh token as bearer", "GET", SESSIONS)
                .bearer("{user_refresh}")
                .expect(401));
        c.add(BadInput.request("sessions: list with a tampered token", "GET", SESSIONS)
                .bearer("{user_token}x")
                .expect(401));
        c.add(BadInput.request("sessions: revoke all without a token", "DELETE", SESSIONS)
                .expect(401));
        c.add(BadInput.request("sessions: revoke all with a garbage token", "DELETE", SESSIONS)
                .bearer("garbage")
                .expect(401));
        c.add(BadInput.request("sessions: revoke all with a forged token", "DELETE", SESSIONS)
                .bearer("{forged_admin}")
                .expect(401));
        c.add(BadInput.request("sessions: revoke all with the refresh token as bearer", "DELETE", SESSIONS)
                .bearer("{user_refresh}")
                .expect(401));
        c.add(BadInput.request("sessions: revoke all with a tampered token", "DELETE", SESSIONS)
                .bearer("{user_token}x")
                .expect(401));
        c.add(BadInput.request("sessions: wrong method on the list", "PUT", SESSIONS)
                .bearer("{user_token}")
                .expect(405));
        c.add(BadInput.request("sessions: malformed id", "DELETE", SESSIONS + "/not-a-uuid")
                .bearer("{user_token}")
                .invalid("id"));
        c.add(BadInput.request("sessions: SQL tautology as id", "DELETE", SESSIONS + "/1%20OR%201%3D1")
                .bearer("{user_token}")
                .invalid("id"));
        c.add(BadInput.request("sessions: id with braces", "DELETE", SESSIONS + "/%7B" + UNKNOWN_ID + "%7D")
                .bearer("{user_token}")
                .invalid("id"));
        c.add(BadInput.request("sessions: unknown id", "DELETE", SESSIONS + "/" + UNKNOWN_ID)
                .bearer("{user_token}")
                .expect(404));
        c.add(BadInput.request("sessions: a user id is no session", "DELETE", SESSIONS + "/{admin_id}")
                .bearer("{user_token}")
                .expect(404));
        c.add(BadInput.request("sessions: revoke one without a token", "DELETE", SESSIONS + "/" + UNKNOWN_ID)
                .expect(401));
        c.add(BadInput.request("sessions: revoke one with a garbage token", "DELETE", SESSIONS + "/" + UNKNOWN_ID)
                .bearer("garbage")
                .expect(401));
        c.add(BadInput.request("sessions: wrong method on one session", "GET", SESSIONS + "/" + UNKNOWN_ID)
                .bearer("{user_token}")
                .expect(405));
    }

    static final String LOGIN_MFA = "/api/v1/auth/login/mfa";
    static final String ME_MFA = "/api/v1/users/me/mfa";

    /**
     * Rows over the two-factor endpoints (issue 13). The fixture users have no two-factor login, so nothing here can
     * pass a code check; the rows that get that far answer 401/409 without writing anything.
     */
    static Stream<BadInput> mfaCases() {
        List<BadInput> c = new ArrayList<>();
        String code = ",\"code\":\"123456\"}";
        // POST /api/v1/auth/login/mfa
        c.add(BadInput.json("login/mfa: empty object", "POST", LOGIN_MFA, "{}").invalid("mfa_token"));
        c.add(BadInput.json("login/mfa: no code", "POST", LOGIN_MFA, "{\"mfa_token\":\"t\"}")
                .invalid("code"));
        c.add(BadInput.json(
                        "login/mfa: code and recovery_code",
                        "POST",
                        LOGIN_MFA,
                        "{\"mfa_token\":\"t\",\"code\":\"123456\",\"recovery_code\":\"abcd-efgh-jkmn-pqrs\"}")
                .invalid("code"));
        c.add(BadInput.json(
                        "login/mfa: letters in code", "POST", LOGIN_MFA, "{\"mfa_token\":\"t\",\"code\":\"12ab56\"}")
                .invalid("code"));
        c.add(BadInput.json("login/mfa: seven digits", "POST", LOGIN_MFA, "{\"mfa_token\":\"t\",\"code\":\"1234567\"}")
                .invalid("code"));
        c.add(BadInput.json("login/mfa: number for code", "POST", LOGIN_MFA, "{\"mfa_token\":\"t\",\"code\":123456}")
                .invalid("code"));
        c.add(BadInput.json("login/mfa: null token", "POST", LOGIN_MFA, "{\"mfa_token\":null" + code)
                .invalid("mfa_token"));
        c.add(BadInput.json(
                        "login/mfa: SQL as recovery code",
                        "POST",
                        LOGIN_MFA,
                        "{\"mfa_token\":\"t\",\"recovery_code\":\"' OR '1'='1' --\"}")
                .invalid("recovery_code")
                .notEchoing("'1'='1'"));
        c.add(BadInput.json(
                        "login/mfa: user_id field",
                        "POST",
                        LOGIN_MFA,
                        "{\"mfa_token\":\"t\",\"user_id\":\"{user_id}\"" + code)
                .invalid("user_id"));
        c.add(BadInput.json("login/mfa: unknown token", "POST", LOGIN_MFA, "{\"mfa_token\":\"{user_refresh}\"" + code)
                .expect(401));
        c.add(BadInput.request("login/mfa: text/plain", "POST", LOGIN_MFA)
                .contentType("text/plain")
                .body("123456")
                .expect(415));
        c.add(BadInput.request("login/mfa: wrong method", "GET", LOGIN_MFA).expect(405));
        // POST /api/v1/users/me/mfa/totp
        String enrol = ME_MFA + "/totp";
        c.add(BadInput.json("mfa enrol: no bearer token", "POST", enrol, "{\"current_password\":\"" + PASSWORD + "\"}")
                .expect(401));
        c.add(BadInput.json("mfa enrol: garbage bearer", "POST", enrol, "{\"current_password\":\"" + PASSWORD + "\"}")
                .bearer("garbage")
                .expect(401));
        c.add(BadInput.json("mfa enrol: empty object", "POST", enrol, "{}")
                .bearer("{user_token}")
                .invalid("current_password"));
        c.add(BadInput.json("mfa enrol: number for password", "POST", enrol, "{\"current_password\":1}")
                .bearer("{user_token}")
                .invalid("current_password"));
        c.add(BadInput.json("mfa enrol: wrong password", "POST", enrol, "{\"current_password\":\"not my passphrase\"}")
                .bearer("{user_token}")
                .expect(401)
                .notEchoing("not my passphrase"));
        c.add(BadInput.json(
                        "mfa enrol: secret field",
                        "POST",
                        enrol,
                        "{\"current_password\":\"x\",\"secret\":\"JBSWY3DP\"}")
                .bearer("{user_token}")
                .invalid("secret"));
        c.add(BadInput.request("mfa enrol: wrong method", "GET", enrol)
                .bearer("{user_token}")
                .expect(405));
        // POST /api/v1/users/me/mfa/totp/confirm
        String confirm = enrol + "/confirm";
        c.add(BadInput.json("mfa confirm: no bearer token", "POST", confirm, "{\"code\":\"123456\"}")
                .expect(401));
        c.add(BadInput.json("mfa confirm: empty object", "POST", confirm, "{}")
                .bearer("{user_token}")
                .invalid("code"));
        c.add(BadInput.json("mfa confirm: letters", "POST", confirm, "{\"code\":\"abcdef\"}")
                .bearer("{user_token}")
                .invalid("code"));
        c.add(BadInput.json("mfa confirm: array for code", "POST", confirm, "{\"code\":[\"123456\"]}")
                .bearer("{user_token}")
                .invalid("code"));
        c.add(BadInput.json("mfa confirm: nothing pending", "POST", confirm, "{\"code\":\"123456\"}")
                .bearer("{user_token}")
                .expect(409));
        // POST /api/v1/users/me/mfa/recovery-codes
        String regen = ME_MFA + "/recovery-codes";
        c.add(BadInput.json("mfa recovery codes: no bearer token", "POST", regen, "{\"code\":\"123456\"}")
                .expect(401));
        c.add(BadInput.json("mfa recovery codes: empty object", "POST", regen, "{}")
                .bearer("{user_token}")
                .invalid("code"));
        c.add(BadInput.json("mfa recovery codes: spaces in code", "POST", regen, "{\"code\":\"123 456\"}")
                .bearer("{user_token}")
                .invalid("code"));
        c.add(BadInput.json("mfa recovery codes: not enabled", "POST", regen, "{\"code\":\"123456\"}")
                .bearer("{user_token}")
                .expect(409));
        c.add(BadInput.json("mfa recovery codes: malformed JSON", "POST", regen, "{\"code\":")
                .bearer("{user_token}")
                .expect(400));
        // DELETE /api/v1/users/me/mfa
        String disable = "{\"current_password\":\"" + PASSWORD + "\"" + code;
        c.add(BadInput.json("mfa disable: no bearer token", "DELETE", ME_MFA, disable)
                .expect(401));
        c.add(BadInput.json("mfa disable: not enabled", "DELETE", ME_MFA, disable)
                .bearer("{user_token}")
                .expect(409));
        c.add(BadInput.json("mfa disable: no password", "DELETE", ME_MFA, "{\"code\":\"123456\"}")
                .bearer("{user_token}")
                .invalid("current_password"));
        c.add(BadInput.json(
                        "mfa disable: garbage code",
                        "DELETE",
                        ME_MFA,
                        "{\"current_password\":\"x\",\"code\":\"<script>\"}")
                .bearer("{user_token}")
                .invalid("code")
                .notEchoing("<script>"));
        c.add(BadInput.request("mfa disable: no body", "DELETE", ME_MFA)
                .bearer("{user_token}")
                .expect(415));
        // DELETE /api/v1/users/{id}/mfa
        c.add(BadInput.request("mfa reset: non-admin", "DELETE", SELF + "/mfa")
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.request("mfa reset: unknown id", "DELETE", USERS + "/" + UNKNOWN_ID + "/mfa")
                .bearer("{admin_token}")
                .expect(404));
        c.add(BadInput.request("mfa reset: malformed id", "DELETE", USERS + "/not-a-uuid/mfa")
                .bearer("{admin_token}")
                .invalid("id"));
        c.add(BadInput.request("mfa reset: no bearer token", "DELETE", SELF + "/mfa")
                .expect(401));
        c.add(BadInput.request("mfa reset: wrong method", "GET", SELF + "/mfa")
                .bearer("{admin_token}")
                .expect(405));
        return c.stream();
    }

    /** Conditional updates, Idempotency-Key and the webhook admin routes (nothing stored by any of them). */
    private static List<BadInput> integrationCases() {
        List<BadInput> c = new ArrayList<>();
        String regBody = "{\"email\":\"idem@example.com\"" + REG_OK_TAIL;
        c.add(BadInput.json("register: Idempotency-Key of 256 characters", "POST", REGISTER, regBody)
                .header("Idempotency-Key", "k".repeat(256))
                .invalid("Idempotency-Key"));
        c.add(BadInput.json("register: Idempotency-Key quoted without its end", "POST", REGISTER, regBody)
                .header("Idempotency-Key", "\"open")
                .invalid("Idempotency-Key"));
        c.add(BadInput.json("register: empty quoted Idempotency-Key", "POST", REGISTER, regBody)
                .header("Idempotency-Key", "\"\"")
                .invalid("Idempotency-Key"));
        c.add(BadInput.json("register: Idempotency-Key with a comma", "POST", REGISTER, regBody)
                .header("Idempotency-Key", "a,b")
                .invalid("Idempotency-Key"));
        c.add(BadInput.json("register: Idempotency-Key with non-ASCII bytes", "POST", REGISTER, regBody)
                .header("Idempotency-Key", "caf\u00e9")
                .invalid("Idempotency-Key"));
        c.add(BadInput.json("patch: stale If-Match", "PATCH", SELF, "{\"name\":\"Lost Update\"}")
                .header("If-Match", "\"{user_id}-999\"")
                .bearer("{user_token}")
                .expect(412));
        c.add(BadInput.json("patch: weak If-Match", "PATCH", SELF, "{\"name\":\"Lost Update\"}")
                .header("If-Match", "W/\"{user_id}-1\"")
                .bearer("{user_token}")
                .expect(412));
        c.add(BadInput.json("patch: If-Match that is no entity tag", "PATCH", SELF, "{\"name\":\"Lost Update\"}")
                .header("If-Match", "{user_id}-1")
                .bearer("{user_token}")
                .expect(412));
        String deliveries = "/api/v1/admin/webhook-deliveries";
        c.add(BadInput.request("webhook deliveries: unknown status", "GET", deliveries + "?status=lost")
                .bearer("{admin_token}")
                .invalid("status"));
        c.add(BadInput.request("webhook deliveries: limit 0", "GET", deliveries + "?limit=0")
                .bearer("{admin_token}")
                .invalid("limit"));
        c.add(BadInput.request("webhook deliveries: forged cursor", "GET", deliveries + "?cursor=bm9wZQ")
                .bearer("{admin_token}")
                .invalid("cursor"));
        c.add(BadInput.request("webhook deliveries: as non-admin", "GET", deliveries)
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.request("webhook deliveries: no bearer token", "GET", deliveries)
                .expect(401));
        c.add(BadInput.request("webhook retry: malformed id", "POST", deliveries + "/42/retry")
                .bearer("{admin_token}")
                .invalid("id"));
        c.add(BadInput.request("webhook retry: unknown id", "POST", deliveries + "/" + UNKNOWN_ID + "/retry")
                .bearer("{admin_token}")
                .expect(404));
        c.add(BadInput.request("webhook retry: as non-admin", "POST", deliveries + "/" + UNKNOWN_ID + "/retry")
                .bearer("{user_token}")
                .expect(403));
        c.add(BadInput.request("webhook retry: wrong method", "GET", deliveries + "/" + UNKNOWN_ID + "/retry")
                .bearer("{admin_token}")
                .expect(405));
        return c;
    }

    /**
     * The users and tokens the rows refer to, seeded once per server before the first row runs: a normal user
     * (registered and logged in) and the bootstrapped admin (logged in), plus tokens derived from theirs.
     */
    Map<String, String> fixture() {
        return FIXTURES.computeIfAbsent(port, p -> {
            try {
                return seed();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private Map<String, String> seed() throws IOException {
        Map<String, String> f = new LinkedHashMap<>();
        RawHttp.Response reg = RawHttp.send(
                port,
                BadInput.json(
                                "seed",
                                "POST",
                                REGISTER,
                                "{\"email\":\"" + USER_EMAIL + "\",\"password\":\"" + PASSWORD
                                        + "\",\"name\":\"Bad Input User\"}")
                        .toRequest());
        assertThat(reg.text(), reg.status(), is(201));
        f.put("user_email", USER_EMAIL);
        f.put("user_id", ProblemAssertions.json(reg.text()).getString("id"));
        JsonObject user = login(USER_EMAIL, PASSWORD);
        f.put("user_token", user.getString("access_token"));
        f.put("user_refresh", user.getString("refresh_token"));
        JsonObject admin = login(ADMIN_EMAIL, ADMIN_PASSWORD);
        f.put("admin_token", admin.getString("access_token"));
        f.put("admin_refresh", admin.getString("refresh_token"));
        RawHttp.Response me = RawHttp.send(
                port,
                BadInput.request("seed", "GET", ME)
                        .bearer(admin.getString("access_token"))
                        .toRequest());
        assertThat(me.text(), me.status(), is(200));
        f.put("admin_id", ProblemAssertions.json(me.text()).getString("id"));
        String[] u = f.get("user_token").split("\\.", -1);
        String[] a = f.get("admin_token").split("\\.", -1);
        assertThat("a JWS has three parts", u.length == 3 && a.length == 3, is(true));
        f.put("alg_none", base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + a[1] + ".");
        f.put("wrong_signature", u[0] + "." + u[1] + "." + a[2]);
        f.put("forged_admin", a[0] + "." + a[1] + "." + u[2]);
        return Map.copyOf(f);
    }

    private JsonObject login(String email, String password) throws IOException {
        RawHttp.Response res = RawHttp.send(
                port,
                BadInput.json("seed", "POST", LOGIN, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
                        .toRequest());
        assertThat(res.text(), res.status(), is(200));
        return ProblemAssertions.json(res.text());
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
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

    private String snapshot() throws SQLException {
        return snapshot(false);
    }

    /** Every row of every application table, so any write shows ({@code login_failures} left out if asked). */
    private String snapshot(boolean withoutLoginFailures) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(
                        config.get("db.url").asString().get(),
                        config.get("db.user").asString().orElse(""),
                        config.get("db.password").asString().orElse(""));
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            tables.sort(null);
            for (String table : tables) {
                if (table.toLowerCase(java.util.Locale.ROOT).startsWith("flyway")
                        || (withoutLoginFailures && table.equalsIgnoreCase("login_failures"))) {
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
