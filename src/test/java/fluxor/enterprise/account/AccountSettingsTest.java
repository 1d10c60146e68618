package fluxor.enterprise.account;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fluxor.enterprise.TestApp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both spellings of the dashed keys work, because Helidon maps APP_PUBLIC_URL to app.public.url. */
class AccountSettingsTest {
    @Test
    void defaultsAreLocalhostAndVerificationNotRequired() {
        AccountSettings s = AccountSettings.from(TestApp.config(Map.of()));
        assertThat(s.publicUrl(), is("http://localhost:8080"));
        assertThat(s.requireVerifiedEmail(), is(false));
    }

    @Test
    void theEnvironmentVariableFormsAreRead() {
        // APP_PUBLIC_URL and AUTH_REQUIRE_VERIFIED_EMAIL arrive as these keys
        AccountSettings s = AccountSettings.from(TestApp.config(
                Map.of("app.public.url", "https://id.example.com/", "auth.require.verified.email", "true")));
        assertThat(s.publicUrl(), is("https://id.example.com"));
        assertThat(s.requireVerifiedEmail(), is(true));
    }

    @Test
    void theDashedKeysWinOverTheDottedDefaults() {
        // a config file's app.public-url, or APP_PUBLIC_dash_URL / AUTH_REQUIRE_dash_VERIFIED_dash_EMAIL
        AccountSettings s = AccountSettings.from(TestApp.config(
                Map.of("app.public-url", "https://accounts.example.org", "auth.require-verified-email", "true")));
        assertThat(s.publicUrl(), is("https://accounts.example.org"));
        assertThat(s.requireVerifiedEmail(), is(true));
    }

    @Test
    void aPublicUrlThatIsNotHttpIsRefusedAtStart() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> AccountSettings.from(TestApp.config(Map.of("app.public-url", "javascript:alert(1)"))));
        assertThat(e.getMessage(), containsString("APP_PUBLIC_URL"));
    }
}
