package fluxor.enterprise.http;

import static fluxor.enterprise.http.ProblemAssertions.assertProblem;
import static fluxor.enterprise.http.ProblemAssertions.assertSecurityHeaders;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No CORS_ALLOWED_ORIGINS: no foreign origin gets anything, and says so with a problem. */
class CorsDefaultDenyTest {
    static final TestApp APP = TestApp.on(TestDatabases.Kind.H2, Map.of());

    @RegisterExtension
    static final TestServer SERVER = TestServer.start(APP);

    private final int port = SERVER.port();

    static RawHttp.Response preflight(int port, String origin, String method, String headers) throws Exception {
        BadInput req = BadInput.request("preflight", "OPTIONS", "/api/v1/users")
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method);
        if (headers != null) {
            req = req.header("Access-Control-Request-Headers", headers);
        }
        return RawHttp.send(port, req.toRequest());
    }

    static RawHttp.Response get(int port, String path, String origin) throws Exception {
        BadInput req = BadInput.request("get", "GET", path);
        if (origin != null) {
            req = req.header("Origin", origin);
        }
        return RawHttp.send(port, req.toRequest());
    }

    @Test
    void preflightFromAnyOriginIsRefused() throws Exception {
        RawHttp.Response res = preflight(port, "https://app.example.com", "POST", "Content-Type");
        assertProblem(res, 403);
        assertThat(res.header("Access-Control-Allow-Origin").isPresent(), is(false));
        assertThat(res.header("Access-Control-Allow-Methods").isPresent(), is(false));
        assertThat(res.header("Vary").orElse(""), equalToIgnoringCase("Origin"));
    }

    @Test
    void crossOriginRequestIsRefused() throws Exception {
        RawHttp.Response res = get(port, "/", "https://evil.example");
        assertProblem(res, 403);
        assertThat(res.header("Access-Control-Allow-Origin").isPresent(), is(false));
    }

    @Test
    void requestsWithoutOriginOrFromTheSameOriginPass() throws Exception {
        RawHttp.Response plain = get(port, "/", null);
        assertThat(plain.status(), is(200));
        assertThat(plain.header("Access-Control-Allow-Origin").isPresent(), is(false));
        assertThat(plain.header("Vary").orElse(""), equalToIgnoringCase("Origin"));
        assertSecurityHeaders(plain);
        assertThat(get(port, "/", "http://localhost").status(), is(200));
    }

    @Test
    void noHstsWithoutTlsOrConfiguration() throws Exception {
        assertThat(get(port, "/", null).header("Strict-Transport-Security").isPresent(), is(false));
    }
}
