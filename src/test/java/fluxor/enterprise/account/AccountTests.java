package fluxor.enterprise.account;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.TestServer;
import io.helidon.dbclient.DbClient;
import io.helidon.http.Status;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.UUID;

/** What the account suites share: unique addresses, JSON bodies, problem bodies without the request id, SQL. */
final class AccountTests {
    static final String PASSWORD = "a decent passphrase";
    static final String NEW_PASSWORD = "another decent passphrase";
    static final String VERIFY = "/api/v1/auth/email-verification";
    static final String VERIFY_CONFIRM = "/api/v1/auth/email-verification/confirm";
    static final String RESET = "/api/v1/auth/password-reset";
    static final String RESET_CONFIRM = "/api/v1/auth/password-reset/confirm";
    static final String UNLOCK = "/api/v1/auth/unlock";
    static final String CHANGE_EMAIL = "/api/v1/users/me/email";

    private AccountTests() {}

    /** Test-server settings: links under {@link Mailbox#PUBLIC_URL}, a fast outbox, limits the tests can reach. */
    static Map<String, String> overrides() {
        return Map.of(
                "app.public-url", Mailbox.PUBLIC_URL,
                "events.poll-interval", "PT0.2S",
                "auth.rate.limit.per.minute", "100000",
                "rate.limit.per.minute", "100000",
                "trusted.proxies", "127.0.0.1");
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static String json(String... pairs) {
        var b = Json.createObjectBuilder();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            b.add(pairs[i], pairs[i + 1]);
        }
        return b.build().toString();
    }

    /** A problem body without what differs between any two responses (request id). */
    static JsonObject stable(ApiClient.Res res) {
        assertThat(res.contentType(), is("application/problem+json"));
        return Json.createObjectBuilder(res.json()).remove("request_id").build();
    }

    static ApiClient.Res expect(ApiClient.Res res, Status status) {
        assertThat(res.body(), res.status(), is(status));
        return res;
    }

    static DbClient db(TestServer server) {
        return server.app().database().client();
    }

    static long count(TestServer server, String sql, Object... params) {
        return db(server)
                .execute()
                .get(sql, params)
                .orElseThrow()
                .column(1)
                .get(Number.class)
                .longValue();
    }
}
