package fluxor.enterprise.http;

import static fluxor.enterprise.http.CorsDefaultDenyTest.get;
import static fluxor.enterprise.http.CorsDefaultDenyTest.preflight;
import static fluxor.enterprise.http.ProblemAssertions.assertProblem;
import static fluxor.enterprise.http.ProblemAssertions.assertSecurityHeaders;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CORS_ALLOWED_ORIGINS lists exact origins: those get proper preflight answers, nobody else does. */
class CorsAllowedOriginsTest {
    static final String APP_ORIGIN = "https://app.example.com";
    static final TestApp APP = TestApp.on(
            TestDatabases.Kind.H2, Map.of("cors.allowed.origins", APP_ORIGIN + ", https://admin.example.com"));

    @RegisterExtension
    static final TestServer SERVER = TestServer.start(APP);

    private final int port = SERVER.port();

    private static java.util.List<String> list(RawHttp.Response res, String header) {
        return Arrays.stream(res.header(header).orElse("").split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .toList();
    }

    @Test
    void allowedOriginGetsAPreflightAnswer() throws Exception {
        RawHttp.Response res = preflight(port, APP_ORIGIN, "POST", "Content-Type, Authorization");
        assertThat(res.text(), res.status(), is(200));
        assertThat(res.header("Access-Control-Allow-Origin").orElse(null), is(APP_ORIGIN));
        assertThat(list(res, "Access-Control-Allow-Methods"), hasItem("post"));
        assertThat(list(res, "Access-Control-Allow-Headers"), hasItem("content-type"));
        assertThat(list(res, "Access-Control-Allow-Headers"), hasItem("authorization"));
        assertThat(res.header("Access-Control-Max-Age").orElse(null), is("600"));
        assertThat(res.header("Access-Control-Allow-Credentials").orElse("false"), is("false"));
        assertThat(res.header("Vary").orElse(""), equalToIgnoringCase("Origin"));
        assertSecurityHeaders(res);
    }

    @Test
    void allowedOriginCanReadResponsesIncludingErrors() throws Exception {
        RawHttp.Response ok = get(port, "/", "https://admin.example.com");
        assertThat(ok.status(), is(200));
        assertThat(ok.header("Access-Control-Allow-Origin").orElse(null), is("https://admin.example.com"));
        assertThat(list(ok, "Access-Control-Expose-Headers"), hasItem("x-request-id"));
        assertThat(ok.header("Vary").orElse(""), equalToIgnoringCase("Origin"));

        RawHttp.Response missing = get(port, "/no/such/thing", APP_ORIGIN);
        assertProblem(missing, 404);
        assertThat(missing.header("Access-Control-Allow-Origin").orElse(null), is(APP_ORIGIN));

        // a 413 Helidon writes before routing
        RawHttp.Response tooLarge = RawHttp.send(
                port,
                BadInput.request("big", "POST", "/")
                        .header("Origin", APP_ORIGIN)
                        .header("Content-Length", "999999")
                        .toRequest());
        assertProblem(tooLarge, 413);
        assertThat(tooLarge.header("Access-Control-Allow-Origin").orElse(null), is(APP_ORIGIN));
        RawHttp.Response foreign = RawHttp.send(
                port,
                BadInput.request("big", "POST", "/")
                        .header("Origin", "https://evil.example")
                        .header("Content-Length", "999999")
                        .toRequest());
        assertProblem(foreign, 413);
        assertThat(foreign.header("Access-Control-Allow-Origin").isPresent(), is(false));
    }

    @Test
    void otherOriginsAreRefusedWithAProblem() throws Exception {
        RawHttp.Response res = preflight(port, "https://evil.example", "POST", "Content-Type");
        assertProblem(res, 403);
        assertThat(res.header("Access-Control-Allow-Origin").isPresent(), is(false));
        // a look-alike of an allowed origin is another origin
        assertProblem(preflight(port, "https://app.example.com.evil.example", "GET", null), 403);
        assertProblem(preflight(port, "http://app.example.com", "GET", null), 403);
        RawHttp.Response simple = get(port, "/", "https://evil.example");
        assertProblem(simple, 403);
        assertThat(simple.header("Access-Control-Allow-Origin").isPresent(), is(false));
    }

    @Test
    void preflightForAMethodOrHeaderNotAllowedIsRefused() throws Exception {
        RawHttp.Response method = preflight(port, APP_ORIGIN, "PROPFIND", null);
        assertProblem(method, 403);
        assertThat(method.header("Access-Control-Allow-Origin").orElse(""), not(is("*")));
        assertProblem(preflight(port, APP_ORIGIN, "POST", "Content-Type, X-Evil"), 403);
    }
}
