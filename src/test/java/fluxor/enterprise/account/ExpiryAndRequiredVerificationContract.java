package fluxor.enterprise.account;

import static fluxor.enterprise.account.AccountTests.NEW_PASSWORD;
import static fluxor.enterprise.account.AccountTests.PASSWORD;
import static fluxor.enterprise.account.AccountTests.RESET;
import static fluxor.enterprise.account.AccountTests.RESET_CONFIRM;
import static fluxor.enterprise.account.AccountTests.UNLOCK;
import static fluxor.enterprise.account.AccountTests.VERIFY_CONFIRM;
import static fluxor.enterprise.account.AccountTests.expect;
import static fluxor.enterprise.account.AccountTests.json;
import static fluxor.enterprise.account.AccountTests.stable;
import static fluxor.enterprise.account.AccountTests.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.MutableClock;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import fluxor.enterprise.events.Outbox;
import io.helidon.dbclient.DbTransaction;
import io.helidon.http.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With a clock the tests move: verification links expire after 24 h, reset and unlock links after 1 h, with the
 * same answer as an unknown token. With auth.require-verified-email on, login is a 403 until the address is
 * verified. (No bearer calls here: access tokens are checked against real time as well, so moving the clock
 * would expire them.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExpiryAndRequiredVerificationContract {
    private final Mailbox mail = new Mailbox();
    private final MutableClock clock = new MutableClock();

    @RegisterExtension
    final TestServer server;

    private final ApiClient api;

    ExpiryAndRequiredVerificationContract(TestDatabases.Kind kind) {
        Map<String, String> overrides = new HashMap<>(AccountTests.overrides());
        overrides.put("auth.require-verified-email", "true");
        server = TestServer.start(kind, overrides, mail.sender, clock);
        api = server.api();
    }

    private ApiClient.Res unknown(String path, String... extra) {
        String[] pairs = new String[extra.length + 2];
        pairs[0] = "token";
        pairs[1] = OneTimeTokens.randomToken();
        System.arraycopy(extra, 0, pairs, 2, extra.length);
        return expect(api.post(path, null, json(pairs)), Status.BAD_REQUEST_400);
    }

    private String register(String email) {
        ApiClient.Res reg = expect(api.register(email, PASSWORD, "Clocked"), Status.CREATED_201);
        return reg.json().getString("id");
    }

    @Test
    void aVerificationLinkWorksFor24HoursAndNotAfter() {
        String early = unique("early");
        String late = unique("late");
        register(early);
        register(late);
        String earlyToken = Mailbox.token(mail.await(early, AccountMail.VERIFY_SUBJECT), "verify-email");
        String lateToken = Mailbox.token(mail.await(late, AccountMail.VERIFY_SUBJECT), "verify-email");
        clock.advance(Duration.ofHours(24).minusMinutes(1));
        expect(api.post(VERIFY_CONFIRM, null, json("token", earlyToken)), Status.OK_200);
        clock.advance(Duration.ofMinutes(2));
        ApiClient.Res expired = api.post(VERIFY_CONFIRM, null, json("token", lateToken));
        assertThat(stable(expired), is(stable(unknown(VERIFY_CONFIRM))));
    }

    @Test
    void aResetLinkExpiresAfterAnHour() {
        String email = unique("reset-late");
        register(email);
        expect(api.post(RESET, null, json("email", email)), Status.ACCEPTED_202);
        String token = Mailbox.token(mail.await(email, AccountMail.RESET_SUBJECT), "reset-password");
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        ApiClient.Res expired = api.post(RESET_CONFIRM, null, json("token", token, "new_password", NEW_PASSWORD));
        assertThat(stable(expired), is(stable(unknown(RESET_CONFIRM, "new_password", NEW_PASSWORD))));
        // the password did not change
        expect(api.login(email, NEW_PASSWORD), Status.UNAUTHORIZED_401);
    }

    @Test
    void anUnlockLinkExpiresAfterAnHour() {
        String email = unique("unlock-late");
        String id = register(email);
        DbTransaction tx = AccountTests.db(server).transaction();
        new Outbox(AccountTests.db(server)).append(tx, AccountMailer.LOCKED, json("user_id", id), clock.instant());
        tx.commit();
        String token = Mailbox.token(mail.await(email, AccountMail.UNLOCK_SUBJECT), "unlock");
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(stable(api.post(UNLOCK, null, json("token", token))), is(stable(unknown(UNLOCK))));
    }

    @Test
    void loginWaitsForAVerifiedAddressWhenRequired() {
        String email = unique("must-verify");
        register(email);
        ApiClient.Res refused = expect(api.login(email, PASSWORD), Status.FORBIDDEN_403);
        assertThat(refused.contentType(), is("application/problem+json"));
        assertThat(refused.json().containsKey("access_token"), is(false));
        // a wrong password is still the plain 401, so the 403 only ever answers the account's owner
        expect(api.login(email, "a wrong passphrase here"), Status.UNAUTHORIZED_401);

        String token = Mailbox.token(mail.await(email, AccountMail.VERIFY_SUBJECT), "verify-email");
        expect(api.post(VERIFY_CONFIRM, null, json("token", token)), Status.OK_200);
        expect(api.login(email, PASSWORD), Status.OK_200);
    }
}
