package fluxor.enterprise.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.TestApp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CORS allow-list: exact origins, ASCII case-insensitive, never matched by a Unicode look-alike. */
class CorsOriginMatchingTest {
    private static Cors allowing(String origins) {
        return Cors.create(TestApp.config(Map.of("cors.allowed.origins", origins)));
    }

    @Test
    void allowsListedOriginsInAnyAsciiCaseAndIgnoresATrailingSlashInConfig() {
        Cors cors = allowing(" https://App.Example.com/ , http://localhost:3000");
        assertThat(cors.allowed("https://app.example.com"), is(true));
        assertThat(cors.allowed("HTTPS://APP.EXAMPLE.COM"), is(true));
        assertThat(cors.allowed("http://localhost:3000"), is(true));
        assertThat(cors.allowed("http://localhost:3001"), is(false));
        assertThat(cors.allowed("https://app.example.com.evil.test"), is(false));
    }

    @Test
    void refusesUnicodeLookAlikesThatJavaCaseFoldingWouldMatch() {
        Cors cors = allowing("https://kiosk.example.com");
        // KELVIN SIGN lower-cases to 'k' and dotless i upper-cases to 'I' with java.lang.String's case mapping
        assertThat(cors.allowed("https://\u212Aiosk.example.com"), is(false));
        assertThat(cors.allowed("https://k\u0131osk.example.com"), is(false));
    }

    @Test
    void emptyListAllowsNoOriginAndSaysSo() {
        Cors cors = allowing("");
        assertThat(cors.allowed("https://app.example.com"), is(false));
        assertThat(cors.describe(), is("CORS: no origin allowed"));
    }
}
