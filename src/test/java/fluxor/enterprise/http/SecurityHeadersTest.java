package fluxor.enterprise.http;

import static fluxor.enterprise.http.ProblemAssertions.assertProblem;
import static fluxor.enterprise.http.ProblemAssertions.assertSecurityHeaders;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The browser-hardening headers (HSTS on, as with {@code app.security.hsts: true}) on every kind of response:
 * handler 2xx, observers' 2xx, mapped 4xx, Helidon's own 400/413 written before routing, CORS 403, 429, 500.
 */
class SecurityHeadersTest {
    static final TestApp APP = TestApp.on(
            TestDatabases.Kind.H2,
            Map.of(
                    "app.security.hsts", "true",
                    "auth.rate.limit.per.minute", "1"));

    @RegisterExtension
    static final TestServer SERVER = TestServer.start(APP, app -> {
        BadInputContract.testRoutes(app);
    });

    private final int port = SERVER.port();

    static java.util.stream.Stream<Arguments> responses() {
        return java.util.stream.Stream.of(
                Arguments.of(BadInput.request("root", "GET", "/"), 200),
                Arguments.of(BadInput.request("liveness", "GET", "/health/live"), 200),
                Arguments.of(BadInput.request("metrics", "GET", "/metrics"), 200),
                Arguments.of(
                        BadInput.json("valid body", "POST", BadInputContract.PROFILE, BadInputContract.valid()), 200),
                Arguments.of(BadInput.request("unknown path", "GET", "/nope"), 404),
                Arguments.of(BadInput.request("wrong method", "DELETE", "/"), 405),
                Arguments.of(BadInput.json("validation", "POST", BadInputContract.PROFILE, "{}"), 400),
                Arguments.of(
                        BadInput.request("bad Content-Length (Helidon, before routing)", "POST", "/")
                                .header("Content-Length", "x"),
                        400),
                Arguments.of(
                        BadInput.request("declared oversize body (Helidon, before routing)", "POST", "/")
                                .header("Content-Length", "999999"),
                        413),
                Arguments.of(
                        BadInput.request("CORS refusal", "GET", "/").header("Origin", "https://evil.example"), 403),
                Arguments.of(
                        BadInput.request("wrong media type", "POST", BadInputContract.PROFILE)
                                .contentType("text/plain")
                                .body("x"),
                        415),
                Arguments.of(BadInput.request("unexpected failure", "GET", "/test/boom"), 500));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("responses")
    void everyResponseCarriesTheSecurityHeaders(BadInput request, int status) throws Exception {
        RawHttp.Response res = RawHttp.send(port, request.toRequest());
        if (status >= 400) {
            assertProblem(res, status);
        } else if (request.path().equals("/metrics")) {
            assertThat(res.status(), is(status));
            ProblemAssertions.assertBrowserHardening(res);
            assertThat(res.header("Cache-Control").orElse(""), org.hamcrest.Matchers.startsWith("no-"));
        } else {
            assertThat(res.status(), is(status));
            assertSecurityHeaders(res);
        }
        assertThat(res.header("Strict-Transport-Security").orElse(null), is("max-age=31536000; includeSubDomains"));
    }

    @org.junit.jupiter.api.Test
    void tooManyRequestsCarriesThemToo() throws Exception {
        BadInput login = BadInput.json("login", "POST", "/api/v1/auth/login", "{}");
        RawHttp.send(port, login.toRequest());
        RawHttp.Response res = RawHttp.send(port, login.toRequest());
        assertProblem(res, 429);
        assertThat(res.header("Strict-Transport-Security").isPresent(), is(true));
        assertThat(res.header("Retry-After").isPresent(), is(true));
    }
}
