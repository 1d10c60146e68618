package fluxor.enterprise.http;

import static fluxor.enterprise.http.CorsDefaultDenyTest.get;
import static fluxor.enterprise.http.CorsDefaultDenyTest.preflight;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A wildcard (development only; refused in production) never comes with credentials. */
class CorsWildcardTest {
    static final TestApp APP = TestApp.on(TestDatabases.Kind.H2, Map.of("cors.allowed.origins", "*"));

    @RegisterExtension
    static final TestServer SERVER = TestServer.start(APP);

    private final int port = SERVER.port();

    @Test
    void wildcardNeverAllowsCredentials() throws Exception {
        RawHttp.Response pre = preflight(port, "https://anything.example", "GET", "Authorization");
        assertThat(pre.text(), pre.status(), is(200));
        assertThat(pre.header("Access-Control-Allow-Credentials").orElse("false"), is("false"));
        RawHttp.Response res = get(port, "/", "https://anything.example");
        assertThat(res.status(), is(200));
        assertThat(res.header("Access-Control-Allow-Origin").orElse(null), is("*"));
        assertThat(res.header("Access-Control-Allow-Credentials").orElse("false"), is("false"));
    }
}
